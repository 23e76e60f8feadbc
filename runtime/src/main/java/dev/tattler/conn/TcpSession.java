package dev.tattler.conn;

/**
 * The TCP state of one connection, following Zeek's TCP session analyzer packet by packet, so
 * that conn_state, history, byte counts and removal times come out as Zeek's:
 *
 * <pre>
 *  segment ─> relative seq ─> history letters ─> last time ─> ack bookkeeping
 *          ─> endpoint state machine (INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL,
 *             ESTABLISHED, CLOSED, RESET) ─> ack received (gaps) ─> data sent ─> close
 * </pre>
 *
 * Timers are Zeek's per-connection analyzer timers, held as due times that
 * {@link ConnTracker} runs: the expiry check (first 5 s after creation, then every 6 s; a
 * second chain starts when one side closes first), the attempt timer (5 s after an
 * originator's SYN) and the removal timer (5 s after a complete close). The connection's
 * inactivity timer lives in {@link Connection}.
 */
final class TcpSession {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private static final int SEEN_ORIG = 1;
    private static final int SEEN_RESP = 2;
    /** Zeek's TOO_LARGE_SEQ_DELTA: SYN/RST sequence numbers this far off are not trusted. */
    private static final int TOO_LARGE_SEQ_DELTA = 1_048_576;

    final Connection conn;
    private final ConnConfig config;
    TcpEndpoint orig;
    TcpEndpoint resp;
    boolean isPartial;
    boolean isActive = true;
    private int firstPacketSeen;
    private boolean closeDeferred;
    private boolean deferredGenEvent;
    /** Outcomes the tracker turns into events after the packet. */
    boolean establishedNow;
    boolean attempted;

    long expireAt;
    long expire2At = Connection.NEVER;
    long attemptAt = Connection.NEVER;
    long deleteAt = Connection.NEVER;

    // scratch results of one packet
    private boolean underflow;
    private boolean doClose;
    private boolean genEvent;

    TcpSession(Connection conn, ConnConfig config, long now) {
        this.conn = conn;
        this.config = config;
        orig = new TcpEndpoint(this, true);
        resp = new TcpEndpoint(this, false);
        orig.peer = resp;
        resp.peer = orig;
        expireAt = now + config.tcpSynTimeoutNanos();
    }

    TcpEndpoint endpoint(boolean fromOrig) {
        return fromOrig ? orig : resp;
    }

    void flipRoles() {
        TcpEndpoint t = resp;
        resp = orig;
        orig = t;
        orig.isOrig = !orig.isOrig;
        resp.isOrig = !resp.isOrig;
        firstPacketSeen = ((firstPacketSeen & SEEN_ORIG) != 0 ? SEEN_RESP : 0)
                | ((firstPacketSeen & SEEN_RESP) != 0 ? SEEN_ORIG : 0);
        isPartial = false;
    }

    /** One endpoint left the handshake while the other had not: TCP's own inactivity timeout from now. */
    void handshakeDone() {
        conn.inactivityTimeout(config.tcpInactivityNanos());
    }

    /**
     * Zeek's IsReuse: a SYN that starts a new connection on this tuple (a different initial
     * sequence number, or any SYN once a side has closed); the old connection is then removed.
     */
    boolean isReuse(int flags, int seq) {
        if ((flags & SYN) == 0) {
            return false;
        }
        TcpEndpoint connOrig = orig;
        if ((flags & ACK) != 0) {
            if (orig.state != TcpEndpoint.INACTIVE) {
                return false; // not a half connection
            }
            connOrig = resp;
        }
        if (!orig.didClose && !resp.didClose) {
            if (seq == (int) connOrig.startSeq) {
                return false; // a retransmitted SYN
            }
            // A SYN whose SYN-ACK was seen first (flipped by capture timing) is no reuse.
            return (flags & ACK) != 0 || connOrig.state != TcpEndpoint.SYN_ACK_SENT
                    || resp.state != TcpEndpoint.INACTIVE || seq != (int) resp.startSeq;
        }
        return true;
    }

    // --- one segment -------------------------------------------------------------------------

    /**
     * Processes one segment that passed the checksum (Zeek's TCPSessionAdapter::Process).
     * {@code captured} is false when the snap length cut the payload.
     */
    void process(boolean isOrig, int flags, int baseSeq, int ackSeq, int len, boolean captured, int window, long t) {
        TcpEndpoint endpoint = isOrig ? orig : resp;
        TcpEndpoint peer = endpoint.peer;
        establishedNow = false;
        setPartialStatus(flags, endpoint.isOrig);

        int segLen = segmentLength(len, flags);
        int seqOnePast = baseSeq + segLen;
        initEndpoint(endpoint, flags, baseSeq, seqOnePast);
        long relSeq = relativeSeq(endpoint, baseSeq, endpoint.lastSeq, endpoint.seqWraps);
        boolean seqUnderflow = underflow;

        updateHistory(flags, endpoint, relSeq, len);
        if (window == 0 && (flags & RST) == 0 && endpoint.peer.state != TcpEndpoint.CLOSED
                && endpoint.state != TcpEndpoint.RESET) {
            endpoint.zeroWindow();
        }
        if (!orig.didClose || !resp.didClose) {
            conn.lastNanos = t;
        }
        if ((flags & FIN) != 0) {
            endpoint.finCnt++;
            endpoint.finSeq = relSeq + segLen;
        }
        if ((flags & RST) != 0) {
            endpoint.rstCnt++;
        }

        long relAck = 0;
        if ((flags & ACK) != 0) {
            if (peer.state == TcpEndpoint.INACTIVE) {
                relAck = 1;
                // Number the peer's sequence space as if its SYN had been seen.
                peer.initStartSeq(ackSeq - 1);
                peer.ackSeq = ackSeq - 1;
                peer.lastSeq = ackSeq - 1;
            } else {
                relAck = relativeSeq(peer, ackSeq, peer.ackSeq, peer.ackWraps);
                if (underflow) {
                    relAck = 0;
                } else if ((flags & RST) == 0) {
                    // Acks in RSTs are not trusted; a jump back to 0 is a broken ack.
                    int deltaAck = ackSeq - peer.ackSeq;
                    if (!(ackSeq == 0 && deltaAck > TOO_LARGE_SEQ_DELTA) && deltaAck > 0) {
                        peer.updateAckSeq(ackSeq);
                    }
                }
            }
        }

        int deltaLast = updateLastSeq(endpoint, seqOnePast, flags, len);
        updateStateMachine(t, endpoint, peer, baseSeq, len, deltaLast, isOrig, flags);
        if ((flags & ACK) != 0) {
            peer.ackReceived(relAck);
        }
        // The first packet of each side (Zeek's PIA bookkeeping; it decides partial status).
        firstPacketSeen |= isOrig ? SEEN_ORIG : SEEN_RESP;
        long relDataSeq = (flags & SYN) != 0 ? relSeq + 1 : relSeq;
        if (len > 0 && (flags & RST) == 0 && !seqUnderflow) {
            endpoint.dataSent(relDataSeq, len, captured);
        }
        endpoint.checkEof();
        if (doClose) {
            connectionClosed(endpoint, peer, genEvent);
        }
    }

    private static int segmentLength(int len, int flags) {
        int seg = len;
        if ((flags & SYN) != 0) {
            seg++;
        }
        if ((flags & FIN) != 0) {
            seg++;
        }
        if ((flags & RST) != 0) {
            seg -= len; // data in a RST is not part of the stream
        }
        return seg;
    }

    private void setPartialStatus(int flags, boolean fromOrig) {
        if (fromOrig) {
            if ((firstPacketSeen & SEEN_ORIG) == 0) {
                isPartial = (flags & SYN) == 0 || (flags & ACK) != 0;
            }
        } else if ((firstPacketSeen & SEEN_RESP) == 0 && !isPartial) {
            isPartial = (flags & SYN) == 0;
        }
    }

    private static void initEndpoint(TcpEndpoint e, int flags, int first, int last) {
        boolean syn = (flags & SYN) != 0;
        switch (e.state) {
            case TcpEndpoint.INACTIVE:
                if (syn) {
                    e.ackSeq = first;
                    e.initStartSeq(first);
                } else {
                    // A partial connection: number as though a SYN had been seen.
                    e.ackSeq = first - 1;
                    e.initStartSeq(first - 1);
                    last = first; // so the first packet is not taken for a retransmission
                }
                e.lastSeq = last;
                break;
            case TcpEndpoint.SYN_SENT:
            case TcpEndpoint.SYN_ACK_SENT:
                if (syn && first != (int) e.startSeq) {
                    reinit(e, first, last);
                }
                break;
            case TcpEndpoint.ESTABLISHED:
            case TcpEndpoint.PARTIAL:
                if (syn) {
                    reinit(e, first, last); // guess the connection was never set up
                }
                break;
            case TcpEndpoint.RESET:
                if (syn && e.prevState == TcpEndpoint.INACTIVE) {
                    reinit(e, first, last); // the RST that set the numbers may have been injected
                }
                break;
            default:
                break;
        }
    }

    private static void reinit(TcpEndpoint e, int first, int last) {
        e.initStartSeq(first);
        e.ackSeq = first;
        e.lastSeq = last;
    }

    /** Zeek's get_relative_seq; sets {@link #underflow} when the number lies before the start. */
    private long relativeSeq(TcpEndpoint e, int cur, int last, int wraps) {
        underflow = false;
        int delta = cur - last;
        if (delta < 0) {
            if (wraps != 0 && Integer.compareUnsigned(cur, last) > 0) {
                wraps--; // part of the previous 32-bit space
            }
        } else if (delta > 0) {
            if (Integer.compareUnsigned(cur, last) < 0) {
                wraps++; // the space wrapped
            }
        }
        if (wraps == 0) {
            delta = cur - (int) e.startSeq;
            if (delta < 0) {
                underflow = true;
            }
            return delta;
        }
        return TcpEndpoint.full(cur, wraps) - e.startSeq;
    }

    private static void updateHistory(int flags, TcpEndpoint e, long relSeq, int len) {
        boolean syn = (flags & SYN) != 0;
        boolean fin = (flags & FIN) != 0;
        boolean rst = (flags & RST) != 0;
        int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (bits > 1) {
            if (fin && rst) {
                e.checkHistory(TcpEndpoint.HIST_FIN_RST_PKT, 'I');
            } else {
                e.checkHistory(TcpEndpoint.HIST_MULTI_FLAG_PKT, 'Q');
            }
        } else if (bits == 1) {
            // SYN, FIN and RST repeat in history when their sequence number moved.
            if (syn) {
                char code = (flags & ACK) != 0 ? 'H' : 'S';
                if (e.checkHistory(TcpEndpoint.HIST_SYN_PKT, code) && relSeq != e.histLastSyn) {
                    e.addHistory(code);
                }
                e.histLastSyn = relSeq;
            }
            if (fin) {
                if (e.checkHistory(TcpEndpoint.HIST_FIN_PKT, 'F') && relSeq + len != e.histLastFin) {
                    e.addHistory('F');
                }
                e.histLastFin = relSeq + len;
            }
            if (rst) {
                if (e.checkHistory(TcpEndpoint.HIST_RST_PKT, 'R') && relSeq != e.histLastRst) {
                    e.addHistory('R');
                }
                e.histLastRst = relSeq;
            }
        } else if (len != 0) {
            e.checkHistory(TcpEndpoint.HIST_DATA_PKT, 'D');
        } else if ((flags & ACK) != 0) {
            e.checkHistory(TcpEndpoint.HIST_ACK_PKT, 'A');
        }
    }

    private static int updateLastSeq(TcpEndpoint e, int last, int flags, int len) {
        int delta = last - e.lastSeq;
        if ((flags & (SYN | RST)) != 0 && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) {
            return delta; // an outlandish SYN/RST sequence number is not trusted
        }
        if ((flags & FIN) != 0 && e.lastSeq == (int) e.startSeq + 1) {
            e.updateLastSeq(last); // only SYN and FIN seen: trust the FIN (> 2 GB connections)
        } else if (e.state == TcpEndpoint.RESET) {
            return delta; // nothing after a RST is trusted
        } else if (delta > 0) {
            e.updateLastSeq(last);
        } else if (len > 0) {
            e.didRxmit();
        }
        return delta;
    }

    // --- the state machine -----------------------------------------------------------------------

    private void updateStateMachine(long t, TcpEndpoint endpoint, TcpEndpoint peer, int baseSeq, int len,
                                    int deltaLast, boolean isOrig, int flags) {
        doClose = false;
        genEvent = false;
        switch (endpoint.state) {
            case TcpEndpoint.INACTIVE:
                inactiveState(t, endpoint, peer, baseSeq, len, isOrig, flags);
                break;
            case TcpEndpoint.SYN_SENT:
            case TcpEndpoint.SYN_ACK_SENT:
                if ((flags & FIN) != 0) {
                    endpoint.setState(TcpEndpoint.CLOSED);
                    doClose = true;
                    genEvent = true;
                }
                if ((flags & RST) != 0) {
                    endpoint.setState(TcpEndpoint.RESET);
                    isActive = false; // connection_reset
                    doClose = true;
                }
                break;
            case TcpEndpoint.ESTABLISHED:
            case TcpEndpoint.PARTIAL:
                establishedState(endpoint, peer, flags);
                break;
            case TcpEndpoint.CLOSED:
                // After a FIN, a RST from the same side (the peer not closed) resets it.
                if ((flags & RST) != 0 && endpoint.peer.state != TcpEndpoint.CLOSED) {
                    endpoint.setState(TcpEndpoint.RESET);
                    if (!endpoint.didClose) {
                        doClose = true;
                    }
                }
                break;
            default:
                break; // RESET: nothing changes
        }
    }

    private void inactiveState(long t, TcpEndpoint endpoint, TcpEndpoint peer, int baseSeq, int len,
                               boolean isOrig, int flags) {
        if ((flags & SYN) != 0) {
            if (isOrig) {
                endpoint.setState((flags & ACK) != 0 ? TcpEndpoint.SYN_ACK_SENT : TcpEndpoint.SYN_SENT);
                attemptAt = t + config.tcpAttemptDelayNanos();
            } else {
                if ((flags & ACK) == 0 && peer.state == TcpEndpoint.SYN_ACK_SENT && baseSeq == (int) endpoint.startSeq) {
                    // The SYN-ACK was seen before its SYN: flip and establish.
                    isPartial = false;
                    conn.flipRoles();
                    peer.setState(TcpEndpoint.ESTABLISHED);
                    firstPacketSeen |= SEEN_ORIG;
                }
                if (peer.state == TcpEndpoint.SYN_SENT) {
                    peer.setState(TcpEndpoint.ESTABLISHED);
                }
                endpoint.setState(TcpEndpoint.ESTABLISHED);
                if (peer.state != TcpEndpoint.PARTIAL) {
                    establishedNow = true;
                }
            }
        }
        if ((flags & FIN) != 0) {
            endpoint.setState(TcpEndpoint.CLOSED);
            doClose = true;
            genEvent = true;
        }
        if ((flags & RST) != 0) {
            endpoint.setState(TcpEndpoint.RESET);
            boolean reject = isOrig
                    ? peer.state == TcpEndpoint.ESTABLISHED
                    : peer.state == TcpEndpoint.SYN_SENT || peer.state == TcpEndpoint.SYN_ACK_SENT;
            doClose = true;
            genEvent = !reject;
        }
        if (endpoint.state == TcpEndpoint.INACTIVE) {
            if (!isOrig && len == 0 && orig.state == TcpEndpoint.SYN_SENT) {
                // Some stacks ack a SYN before answering it: not a partial connection.
                return;
            }
            if ((flags & ACK) != 0 && peer.state == TcpEndpoint.ESTABLISHED) {
                // The SYN-ACK came, the SYN was missed, now an ACK: established after all.
                endpoint.setState(TcpEndpoint.ESTABLISHED);
                isPartial = false;
                firstPacketSeen |= isOrig ? SEEN_ORIG : SEEN_RESP;
            } else {
                endpoint.setState(TcpEndpoint.PARTIAL);
            }
        }
    }

    private void establishedState(TcpEndpoint endpoint, TcpEndpoint peer, int flags) {
        if ((flags & SYN) != 0 && endpoint.state == TcpEndpoint.PARTIAL && peer.state == TcpEndpoint.INACTIVE
                && (flags & ACK) == 0) {
            endpoint.setState(TcpEndpoint.SYN_SENT); // SYN_after_partial
        }
        if ((flags & FIN) != 0 && (flags & RST) == 0) {
            endpoint.setState(TcpEndpoint.CLOSED);
            if (peer.state == TcpEndpoint.RESET && peer.prevState == TcpEndpoint.CLOSED) {
                peer.setState(TcpEndpoint.CLOSED); // the peer's FIN then RST was a normal close
            }
            doClose = true;
            genEvent = true;
        }
        if ((flags & RST) != 0) {
            endpoint.setState(TcpEndpoint.RESET);
            doClose = true;
            if (peer.state != TcpEndpoint.RESET || peer.prevState != TcpEndpoint.ESTABLISHED) {
                isActive = false; // connection_reset
            }
        }
    }

    // --- closing ---------------------------------------------------------------------------------

    /** The reassembler delivered everything up to this side's FIN or RST. */
    void endpointEof(TcpEndpoint e) {
        if (closeDeferred) {
            connectionClosed(e, e.peer, deferredGenEvent);
            closeDeferred = false;
        }
    }

    private void connectionClosed(TcpEndpoint endpoint, TcpEndpoint peer, boolean gen) {
        if (endpoint.dataPending()) {
            // Data still to deliver: close once it is (endpointEof).
            closeDeferred = true;
            if (!deferredGenEvent) {
                deferredGenEvent = gen;
            }
            return;
        }
        closeDeferred = false;
        if (endpoint.didClose) {
            return;
        }
        endpoint.didClose = true;
        boolean complete = endpoint.state == TcpEndpoint.RESET || peer.didClose || peer.state == TcpEndpoint.INACTIVE;
        if (complete) {
            if (endpoint.prevState != TcpEndpoint.INACTIVE || peer.state != TcpEndpoint.INACTIVE) {
                if (deferredGenEvent) {
                    gen = true;
                    deferredGenEvent = false;
                }
                if (gen) {
                    isActive = false; // connection_finished / connection_half_finished
                }
            }
            cancelTimers();
            deleteAt = conn.lastNanos + config.tcpCloseDelayNanos();
        } else if (endpoint.prevState != TcpEndpoint.INACTIVE) {
            // Wait for the other side to close too.
            long at = conn.lastNanos + config.tcpSessionTimerNanos();
            if (expireAt == Connection.NEVER) {
                expireAt = at;
            } else {
                expire2At = at;
            }
        }
    }

    private void cancelTimers() {
        expireAt = Connection.NEVER;
        expire2At = Connection.NEVER;
        attemptAt = Connection.NEVER;
        deleteAt = Connection.NEVER;
    }

    // --- timers --------------------------------------------------------------------------------------

    /** The earliest of this connection's TCP timers. */
    long nextTimer() {
        return Math.min(Math.min(expireAt, expire2At), Math.min(attemptAt, deleteAt));
    }

    /**
     * Runs the earliest TCP timer (it is due by {@code now}); true when the connection is to be
     * removed. {@link #attempted} tells whether the attempt timer removed it (connection_attempt).
     */
    boolean fireEarliest(long now) {
        attempted = false;
        long next = nextTimer();
        if (deleteAt == next) {
            return true;
        }
        if (attemptAt == next) {
            attemptAt = Connection.NEVER;
            return attemptTimer();
        }
        if (expireAt == next) {
            expireAt = Connection.NEVER;
            return expireTimer(now, true);
        }
        expire2At = Connection.NEVER;
        return expireTimer(now, false);
    }

    /** The attempt timer: an unanswered SYN is given up. */
    private boolean attemptTimer() {
        if (isActive && (orig.state == TcpEndpoint.SYN_SENT || orig.state == TcpEndpoint.SYN_ACK_SENT)
                && resp.state == TcpEndpoint.INACTIVE) {
            isActive = false;
            attempted = true;
            return true;
        }
        return false;
    }

    private boolean expireTimer(long now, boolean first) {
        if (!isActive) {
            return false;
        }
        if (conn.lastNanos + config.tcpLingerNanos() < now) {
            if (orig.didClose || resp.didClose) {
                // Quiet for a while after a close: both closed, one reset, or one never spoke.
                if ((orig.didClose && resp.didClose) || orig.state == TcpEndpoint.RESET
                        || resp.state == TcpEndpoint.RESET || orig.state == TcpEndpoint.INACTIVE
                        || resp.state == TcpEndpoint.INACTIVE) {
                    isActive = false;
                    return true;
                }
            }
            if (resp.state == TcpEndpoint.INACTIVE && orig.state == TcpEndpoint.INACTIVE) {
                return true; // nothing valid was ever seen (e.g. only bad checksums)
            }
        }
        long again = now + config.tcpSessionTimerNanos();
        if (first) {
            expireAt = again;
        } else {
            expire2At = again;
        }
        return false;
    }

    // --- conn_state ------------------------------------------------------------------------------

    /** Zeek's conn_state for TCP, from the endpoint states (and, for RSTOS0, the history). */
    String connState(String history) {
        int os = orig.state;
        int rs = resp.state;
        boolean oInactive = os == TcpEndpoint.INACTIVE || os == TcpEndpoint.PARTIAL;
        boolean rInactive = rs == TcpEndpoint.INACTIVE || rs == TcpEndpoint.PARTIAL;
        if (rs == TcpEndpoint.RESET) {
            if (os == TcpEndpoint.SYN_SENT || os == TcpEndpoint.SYN_ACK_SENT
                    || (os == TcpEndpoint.RESET && orig.size() == 0 && resp.size() == 0)) {
                return "REJ";
            }
            return oInactive ? "RSTRH" : "RSTR";
        }
        if (os == TcpEndpoint.RESET) {
            if (rInactive) {
                return rstos0(history) ? "RSTOS0" : "OTH";
            }
            return "RSTO";
        }
        if (rs == TcpEndpoint.CLOSED && os == TcpEndpoint.CLOSED) {
            return "SF";
        }
        if (os == TcpEndpoint.CLOSED) {
            return rInactive ? "SH" : "S2";
        }
        if (rs == TcpEndpoint.CLOSED) {
            return oInactive ? "SHR" : "S3";
        }
        if (os == TcpEndpoint.SYN_SENT && rs == TcpEndpoint.INACTIVE) {
            return "S0";
        }
        if (os == TcpEndpoint.ESTABLISHED && rs == TcpEndpoint.ESTABLISHED) {
            return "S1";
        }
        return "OTH";
    }

    /** The history matches /^\^?S[^HAFGIQ]*R.*&#47;: the originator's SYN, then its RST, nothing else of note. */
    private static boolean rstos0(String h) {
        int i = h.startsWith("^") ? 1 : 0;
        if (i >= h.length() || h.charAt(i) != 'S') {
            return false;
        }
        for (i++; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == 'R') {
                return true;
            }
            if (c == 'H' || c == 'A' || c == 'F' || c == 'G' || c == 'I' || c == 'Q') {
                return false;
            }
        }
        return false;
    }
}
