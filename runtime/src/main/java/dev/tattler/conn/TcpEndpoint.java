package dev.tattler.conn;

/**
 * One side of a TCP connection as Zeek's TCP_Endpoint and TCP_Reassembler see it: its state,
 * sequence space (start, last, acknowledged, 32-bit wraps), the history counters, and the
 * bookkeeping of the stream reassembler that decides content gaps ({@code g}/{@code G},
 * missed_bytes) and when a close is complete.
 *
 * <p>Tattler keeps no payload: the reassembler is modelled by the sequence ranges Zeek would
 * hold ({@code blocks}: [seq, upper) pairs, relative sequence numbers, sorted, never
 * overlapping), which is all that gaps, delivery and end-of-stream depend on.
 *
 * <pre>
 *   relative seq:  1 ......... trimSeq ....... lastReassemSeq ...... blocks above a hole
 *                  (acked, forgotten) (delivered, awaiting ack)  (waiting for the hole)
 * </pre>
 *
 * Sequence numbers in the 32-bit space are Java ints compared as Zeek compares them (signed
 * deltas for "after", unsigned for wraps); relative ones are longs holding Zeek's uint64
 * values, compared unsigned.
 */
final class TcpEndpoint {
    static final int INACTIVE = 0;
    static final int SYN_SENT = 1;
    static final int SYN_ACK_SENT = 2;
    static final int PARTIAL = 3;
    static final int ESTABLISHED = 4;
    static final int CLOSED = 5;
    static final int RESET = 6;

    /** Zeek's history bits (TCP_Endpoint.h); the responder's are shifted left 16. */
    static final int HIST_SYN_PKT = 0x1;
    static final int HIST_FIN_PKT = 0x2;
    static final int HIST_RST_PKT = 0x4;
    static final int HIST_FIN_RST_PKT = 0x8;
    static final int HIST_DATA_PKT = 0x10;
    static final int HIST_ACK_PKT = 0x20;
    static final int HIST_MULTI_FLAG_PKT = 0x40;

    /** tcp_max_initial_window, tcp_max_above_hole_without_any_acks (init-bare.zeek). */
    private static final long MAX_INITIAL_WINDOW = 16_384;
    private static final long MAX_ABOVE_HOLE_WITHOUT_ACKS = 16_384;
    /** tcp_excessive_data_without_further_acks. */
    private static final long EXCESSIVE_DATA = 10L * 1024 * 1024;
    /**
     * Tattler's own bound on held ranges (Zeek holds the data itself, without a count limit):
     * past it the endpoint stops reassembling, as Zeek does past the data limits.
     */
    private static final int MAX_BLOCKS = 4096;

    final TcpSession session;
    TcpEndpoint peer;
    boolean isOrig;
    int state = INACTIVE;
    int prevState = INACTIVE;
    /** Zeek's int64 start_seq; always a 32-bit value here, as Zeek only ever sets it from one. */
    long startSeq;
    int lastSeq;
    int ackSeq;
    int seqWraps;
    int ackWraps;
    long finSeq;
    int finCnt;
    int rstCnt;
    boolean didClose;
    long histLastSyn;
    long histLastFin;
    long histLastRst;
    /** Counts and next thresholds of the scaled letters: checksum, retransmission, zero window, gap. */
    private int badSums;
    private int badSumsNext = 1;
    private int rxmits;
    private int rxmitsNext = 1;
    private int zeroWindows;
    private int zeroWindowsNext = 1;
    private int gaps;
    private int gapsNext = 1;

    // --- reassembler ---------------------------------------------------------------------
    private long lastReassemSeq = 1;
    private long trimSeq = 1;
    private long[] blocks;
    private int blockCount;
    private long blockBytes;
    private boolean skipDeliveries;
    private boolean didEof;

    TcpEndpoint(TcpSession session, boolean isOrig) {
        this.session = session;
        this.isOrig = isOrig;
    }

    static boolean isHandshake(int state) {
        return state == INACTIVE || state == SYN_SENT || state == SYN_ACK_SENT;
    }

    static long full(int seq, int wraps) {
        return ((long) wraps << 32) + (seq & 0xFFFF_FFFFL);
    }

    void setState(int newState) {
        if (newState == state) {
            return;
        }
        // Leaving the handshake switches the connection to the TCP inactivity timeout.
        if (!isHandshake(newState) && isHandshake(state) && isHandshake(peer.state)) {
            session.handshakeDone();
        }
        prevState = state;
        state = newState;
    }

    void initStartSeq(int seq) {
        startSeq = seq & 0xFFFF_FFFFL;
    }

    void updateLastSeq(int seq) {
        if (Integer.compareUnsigned(seq, lastSeq) < 0) {
            seqWraps++;
        }
        lastSeq = seq;
    }

    void updateAckSeq(int seq) {
        if (Integer.compareUnsigned(seq, ackSeq) < 0) {
            ackWraps++;
        }
        ackSeq = seq;
    }

    /** True if none of this endpoint's data has been acknowledged (one octet allowed for the SYN). */
    boolean noDataAcked() {
        long ack = full(ackSeq, ackWraps);
        return ack == startSeq || ack == startSeq + 1;
    }

    /** Payload bytes sent, from the sequence numbers (Zeek's TCP_Endpoint::Size). */
    long size() {
        if (prevState == SYN_SENT && state == RESET && peer.state == INACTIVE && !noDataAcked()) {
            return 0; // a half-open connection discovered and aborted
        }
        long last = full(lastSeq, seqWraps);
        long ack = full(ackSeq, ackWraps);
        long size = Long.compareUnsigned(last, ack) > 0 ? last - startSeq : ack - startSeq;
        if (size != 0) {
            size--; // the SYN's octet
        }
        if (finCnt > 0 && size != 0) {
            size--; // the FIN's octet
        }
        return size;
    }

    // --- history ---------------------------------------------------------------------------

    boolean checkHistory(int mask, char code) {
        Connection c = session.conn;
        return isOrig ? c.checkHistory(mask, code) : c.checkHistory(mask << 16, Character.toLowerCase(code));
    }

    void addHistory(char code) {
        session.conn.addHistory(isOrig ? code : Character.toLowerCase(code));
    }

    // Zeek's ScaledHistoryEntry: the letter at the 1st, 10th, 100th, ... occurrence.

    void checksumError() {
        if (++badSums == badSumsNext) {
            addHistory('C');
            badSumsNext *= 10;
        }
    }

    void didRxmit() {
        if (++rxmits == rxmitsNext) {
            addHistory('T');
            rxmitsNext *= 10;
        }
    }

    void zeroWindow() {
        if (++zeroWindows == zeroWindowsNext) {
            addHistory('W');
            zeroWindowsNext *= 10;
        }
    }

    // --- reassembler ---------------------------------------------------------------------------

    /** Payload at relative {@code seq}; {@code captured} false when the snap length cut it. */
    void dataSent(long seq, int len, boolean captured) {
        if (!captured) {
            return; // Zeek: truncated_tcp_payload, nothing reaches the reassembler
        }
        long ack = full(ackSeq, ackWraps) - startSeq;
        long upper = seq + len;
        if (skipDeliveries) {
            return;
        }
        if (Long.compareUnsigned(seq, ack) < 0) {
            if (Long.compareUnsigned(upper, ack) <= 0) {
                return; // already delivered and acked
            }
            seq = ack; // keep the unacked tail of a longer retransmission
        }
        newBlock(seq, upper);
        if (noDataAcked() && Long.compareUnsigned(undeliveredBytes(), MAX_ABOVE_HOLE_WITHOUT_ACKS) > 0) {
            stopReassembling(); // Zeek: above_hole_data_without_any_acks
        } else if (blockBytes > EXCESSIVE_DATA || blockCount >= MAX_BLOCKS) {
            stopReassembling(); // Zeek: excessive_data_without_further_acks
        }
    }

    private void stopReassembling() {
        blockCount = 0;
        blockBytes = 0;
        skipDeliveries = true;
    }

    /** The peer acknowledged up to relative {@code seq}. */
    void ackReceived(long seq) {
        if (finCnt > 0 && Long.compareUnsigned(seq, finSeq) >= 0) {
            seq = finSeq - 1;
        }
        if (Long.compareUnsigned(seq, trimSeq) <= 0) {
            return;
        }
        trimToSeq(seq);
        checkEof();
    }

    /** Tells the session once everything up to this side's FIN or RST has been delivered. */
    void checkEof() {
        if (!didEof && (finCnt > 0 || state == CLOSED || state == RESET) && !dataPending()) {
            didEof = true;
            session.endpointEof(this);
        }
    }

    /** Zeek's TCP_Reassembler::DataPending. */
    boolean dataPending() {
        if (skipDeliveries) {
            return false;
        }
        long delivered = startSeq + lastReassemSeq;
        long last = full(lastSeq, seqWraps);
        if (Long.compareUnsigned(last, delivered) < 0) {
            return false;
        }
        if (delivered != last - 1 && delivered != last) {
            return true;
        }
        return state != RESET && peer.blockCount > 0;
    }

    private long undeliveredBytes() {
        return blockCount == 0 ? 0 : blocks[2 * blockCount - 1] - lastReassemSeq;
    }

    private void newBlock(long seq, long upper) {
        if (seq == upper) {
            return;
        }
        if (Long.compareUnsigned(upper, trimSeq) <= 0) {
            return; // old data
        }
        if (Long.compareUnsigned(seq, trimSeq) < 0) {
            seq = trimSeq;
        }
        blockInserted(insert(seq, upper));
    }

    /**
     * Inserts the parts of [seq, upper) no block covers yet, as Zeek's DataBlockList::Insert
     * does, and returns the index of the block the new data starts in (new or old).
     */
    private int insert(long seq, long upper) {
        int i = 0;
        while (i < blockCount && Long.compareUnsigned(blocks[2 * i + 1], seq) <= 0) {
            i++;
        }
        int first = -1;
        long cur = seq;
        while (Long.compareUnsigned(cur, upper) < 0) {
            if (i == blockCount || Long.compareUnsigned(blocks[2 * i], upper) >= 0) {
                addBlock(i, cur, upper);
                return first < 0 ? i : first;
            }
            long bSeq = blocks[2 * i];
            if (Long.compareUnsigned(cur, bSeq) < 0) {
                addBlock(i, cur, bSeq);
                if (first < 0) {
                    first = i;
                }
                i++;
                cur = bSeq;
                continue;
            }
            if (first < 0) {
                first = i;
            }
            cur = blocks[2 * i + 1];
            i++;
        }
        return first;
    }

    private void addBlock(int index, long seq, long upper) {
        if (blocks == null) {
            blocks = new long[8];
        } else if (2 * blockCount + 2 > blocks.length) {
            blocks = java.util.Arrays.copyOf(blocks, blocks.length * 2);
        }
        System.arraycopy(blocks, 2 * index, blocks, 2 * index + 2, 2 * (blockCount - index));
        blocks[2 * index] = seq;
        blocks[2 * index + 1] = upper;
        blockCount++;
        blockBytes += upper - seq;
    }

    private void removeFirstBlock() {
        blockBytes -= blocks[1] - blocks[0];
        blockCount--;
        System.arraycopy(blocks, 2, blocks, 0, 2 * blockCount);
    }

    /** Delivers what became contiguous if block {@code index} reaches the delivery point. */
    private void blockInserted(int index) {
        long bSeq = blocks[2 * index];
        long bUpper = blocks[2 * index + 1];
        if (Long.compareUnsigned(bSeq, lastReassemSeq) > 0 || Long.compareUnsigned(bUpper, lastReassemSeq) <= 0) {
            return;
        }
        for (int i = index; i < blockCount; i++) {
            long s = blocks[2 * i];
            if (Long.compareUnsigned(s, lastReassemSeq) > 0) {
                break;
            }
            if (s == lastReassemSeq) {
                lastReassemSeq = blocks[2 * i + 1];
            }
        }
        // Data nobody acknowledges is not held forever: Zeek lets go past the initial window.
        if (noDataAcked() && Long.compareUnsigned(size(), MAX_INITIAL_WINDOW) > 0) {
            trimToSeq(lastReassemSeq);
        }
    }

    private void trimToSeq(long seq) {
        if (Long.compareUnsigned(seq, lastReassemSeq) > 0) {
            undelivered(seq);
        }
        while (blockCount > 0 && Long.compareUnsigned(blocks[1], seq) <= 0) {
            removeFirstBlock();
        }
        if (blockCount > 0 && blocks[0] == lastReassemSeq) {
            blockInserted(0);
        }
        trimSeq = seq;
    }

    /** Data up to {@code upTo} was acknowledged but never seen: the holes are content gaps. */
    private void undelivered(long upTo) {
        if (Long.compareUnsigned(upTo, 2) <= 0 && session.isPartial) {
            // A partial connection's faked initial sequence numbers: the first ack, or a
            // keep-alive one octet beyond it. Zeek ignores it (and leaves the delivery point).
            return;
        }
        if (!skipDeliveries) {
            int i = 0;
            while (i < blockCount) {
                long bSeq = blocks[2 * i];
                if (Long.compareUnsigned(bSeq, lastReassemSeq) < 0) {
                    i++;
                    continue;
                }
                if (Long.compareUnsigned(bSeq, upTo) >= 0) {
                    break;
                }
                long gap = bSeq - lastReassemSeq;
                gap(gap);
                lastReassemSeq += gap;
                blockInserted(i);
                i = 0;
            }
            if (Long.compareUnsigned(upTo, lastReassemSeq) > 0) {
                gap(upTo - lastReassemSeq);
            }
        }
        if (Long.compareUnsigned(upTo, lastReassemSeq) > 0) {
            lastReassemSeq = upTo;
        }
    }

    /** A content gap: history g/G and missed_bytes, for cleanly established connections only. */
    private void gap(long length) {
        if (isClean(this) && isClean(peer)) {
            if (++gaps == gapsNext) {
                addHistory('G');
                gapsNext *= 10;
            }
            session.conn.missedBytes += length;
        }
    }

    private static boolean isClean(TcpEndpoint e) {
        return e.state == ESTABLISHED || (e.state == CLOSED && e.prevState == ESTABLISHED);
    }
}
