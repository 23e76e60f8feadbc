package dev.tattler.engine;

import dev.tattler.conn.Connection;
import dev.tattler.log.LogManager;
import dev.tattler.log.LogSchema;
import dev.tattler.log.LogRow;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * conn.log: one row per connection, written when the connection is removed (as Zeek writes it),
 * with Zeek's columns and rules (base/protocols/conn/main.zeek):
 *
 * <pre>
 *  ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes
 *  conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts
 *  resp_ip_bytes tunnel_parents ip_proto
 * </pre>
 *
 * duration, orig_bytes and resp_bytes are unset ("-") unless the connection lasted longer than
 * zero (and bytes stay unset for protocols other than TCP, UDP and ICMP); history is unset when
 * empty (ICMP has none); service and tunnel_parents are always unset (no protocol analyzers,
 * no tunnel decapsulation).
 */
final class ConnLog {
    static final LogSchema SCHEMA = LogSchema.of("conn",
            "ts", "time", "uid", "string", "id.orig_h", "addr", "id.orig_p", "port",
            "id.resp_h", "addr", "id.resp_p", "port", "proto", "enum", "service", "string",
            "duration", "interval", "orig_bytes", "count", "resp_bytes", "count",
            "conn_state", "string", "local_orig", "bool", "local_resp", "bool",
            "missed_bytes", "count", "history", "string", "orig_pkts", "count",
            "orig_ip_bytes", "count", "resp_pkts", "count", "resp_ip_bytes", "count",
            "tunnel_parents", "set[string]", "ip_proto", "count");

    /** Reused for every row: the engine thread encodes a row straight into its bytes. */
    private final LogRow row;
    /** The history letters of the row being written (history is capped at 1024 letters). */
    private final byte[] history = new byte[1024];

    ConnLog(LogManager logs) throws IOException {
        row = logs.open(SCHEMA).row();
    }

    /** Called on the engine thread only. */
    void write(Connection c) {
        long duration = c.durationNanos();
        boolean lasted = duration > 0;
        long origBytes = c.origBytes();
        long respBytes = c.respBytes();
        int historyLength = c.history(history);
        row.time(c.startNanos()).string(c.uid())
                .string(c.origH()).count(c.origPort()).string(c.respH()).count(c.respPort())
                .string(c.protoName()).unset();
        if (lasted) {
            row.time(duration);
        } else {
            row.unset();
        }
        countOrUnset(lasted && origBytes >= 0, origBytes);
        countOrUnset(lasted && respBytes >= 0, respBytes);
        row.string(c.connState()).bool(c.localOrig()).bool(c.localResp()).count(c.missedBytes());
        if (historyLength == 0) {
            row.unset();
        } else {
            row.string(history, 0, historyLength);
        }
        row.count(c.origPkts()).count(c.origIpBytes()).count(c.respPkts()).count(c.respIpBytes())
                .unset().count(c.ipProto());
        try {
            row.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void countOrUnset(boolean set, long n) {
        if (set) {
            row.count(n);
        } else {
            row.unset();
        }
    }
}
