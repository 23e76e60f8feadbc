package dev.tattler.reassembly;

import dev.tattler.capture.LinkTypes;
import dev.tattler.decode.Addresses;
import dev.tattler.decode.PacketView;
import dev.tattler.decode.Weirds;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Puts IP fragments back together, as Zeek's FragReassembler does, within fixed bounds:
 *
 * <pre>
 *  fragment ─> datagram (src, dst, IP id) ─> [offset, upper) blocks + payload buffer
 *                 │ the first fragment (offset 0) gives the header and the link header
 *                 └ complete (no hole from 0 to the last fragment's end)
 *                      ─> frame = link header + IP header (length fixed, no longer a fragment) + payload
 * </pre>
 *
 * IPv4: the header is the first fragment's, with total length, MF and offset fixed. IPv6: the
 * unfragmentable part (base header and the extension headers before the Fragment header), with
 * the Fragment header left out and the payload length fixed.
 *
 * <p>Weirds as Zeek names them: {@code fragment_overlap} (overlap with the same bytes),
 * {@code fragment_inconsistency} (overlap with different bytes), {@code fragment_size_inconsistency},
 * {@code fragment_protocol_inconsistency}, {@code fragment_with_DF}, {@code excessively_small_fragment},
 * {@code excessively_large_fragment} (a datagram past 64000 bytes; past the IP maximum it is
 * dropped). Tattler's bounds add {@code fragment_reassembly_timeout} (a datagram incomplete after
 * the timeout is dropped; Zeek by default waits forever) and {@code fragment_reassembly_overflow}
 * (the oldest datagram is dropped to stay within the memory or datagram-count cap).
 *
 * <p>Only fragments come here: an unfragmented packet never touches this class. The frame is
 * a fresh array (fragments are rare and the datagram outlives the capture buffer).
 */
public final class FragmentReassembler {
    /** Zeek's MIN_ACCEPTABLE_FRAG_SIZE and MAX_ACCEPTABLE_FRAG_SIZE. */
    private static final int MIN_FRAGMENT = 64;
    private static final int LARGE_DATAGRAM = 64_000;
    /** The largest IPv4 total length, and IPv6 payload length. */
    private static final int MAX_LENGTH = 65_535;
    private static final int IPV6_HEADER = 40;
    private static final int IPV6_FRAGMENT = 44;

    /**
     * Where weirds go: about the fragment being added ({@code fragment} not null), or about a
     * dropped datagram, then with its addresses.
     */
    public interface WeirdListener {
        void weird(String name, String addl, PacketView fragment, String src, String dst);
    }

    /** A reassembled datagram, ready to decode: the frame bytes and their link type. */
    public static final class Frame {
        public final byte[] data;
        public final int linkType;

        Frame(byte[] data, int linkType) {
            this.data = data;
            this.linkType = linkType;
        }
    }

    /** Zeek's FragReassemblerKey: source, destination, identification (addresses as 128 bits). */
    private static final class Key {
        final long srcHi;
        final long srcLo;
        final long dstHi;
        final long dstLo;
        final int id;
        final int version;

        Key(long srcHi, long srcLo, long dstHi, long dstLo, int id, int version) {
            this.srcHi = srcHi;
            this.srcLo = srcLo;
            this.dstHi = dstHi;
            this.dstLo = dstLo;
            this.id = id;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return srcLo == k.srcLo && dstLo == k.dstLo && id == k.id && srcHi == k.srcHi && dstHi == k.dstHi
                    && version == k.version;
        }

        @Override
        public int hashCode() {
            long h = srcHi * 31 + srcLo;
            h = h * 31 + dstHi;
            h = h * 31 + dstLo;
            h = h * 31 + id;
            return (int) (h ^ (h >>> 32)) + version;
        }

        String text(long hi, long lo) {
            return Addresses.ip(hi, lo, version);
        }
    }

    private static final class Datagram {
        final Key key;
        final long created;
        /** The header the datagram is delivered with (IPv6: the unfragmentable part). */
        byte[] header;
        /** IPv6: where in {@link #header} the next-header byte that named the Fragment header is. */
        int nextHeaderAt;
        int proto;
        byte[] link;
        int linkType;
        boolean haveFirst;
        byte[] payload = new byte[0];
        long[] blocks = new long[8];
        int blockCount;
        int fragSize;

        Datagram(Key key, long created) {
            this.key = key;
            this.created = created;
        }
    }

    /** What one fragment says about itself, read from the packet. */
    private static final class Fragment {
        int headerLength;      // IPv4 header / IPv6 unfragmentable part
        int nextHeaderAt;      // IPv6: offset (from l3) of the byte naming the Fragment header
        int proto;             // the fragmented payload's protocol
        int dataOffset;        // where the fragment's data starts in the packet bytes
        int length;            // data bytes present
        int total;             // the fragment's own IP length (IPv6: 40 + payload length)
    }

    private final long timeoutNanos;
    private final int memoryCap;
    private final int maxDatagrams;
    private final WeirdListener weirds;
    private final Fragment fragment = new Fragment();
    /** Oldest first: timeouts and overflow drop from the front. */
    private final LinkedHashMap<Key, Datagram> pending = new LinkedHashMap<>();
    private long memory;

    /**
     * @param timeoutNanos how long a datagram may stay incomplete
     * @param memoryCap    payload bytes all incomplete datagrams may hold together
     * @param maxDatagrams how many may be incomplete at once
     */
    public FragmentReassembler(long timeoutNanos, int memoryCap, int maxDatagrams, WeirdListener weirds) {
        this.timeoutNanos = timeoutNanos;
        this.memoryCap = memoryCap;
        this.maxDatagrams = maxDatagrams;
        this.weirds = weirds;
    }

    /** Incomplete datagrams held now. */
    public int pending() {
        return pending.size();
    }

    /** Payload bytes held now. */
    public long memory() {
        return memory;
    }

    /** Drops the datagrams that waited past the timeout; cheap when nothing waits. */
    public void expire(long now) {
        if (pending.isEmpty()) {
            return;
        }
        for (Iterator<Datagram> it = pending.values().iterator(); it.hasNext(); ) {
            Datagram d = it.next();
            if (now - d.created < timeoutNanos) {
                return;
            }
            it.remove();
            memory -= d.payload.length;
            dropped(Weirds.FRAGMENT_REASSEMBLY_TIMEOUT, d);
        }
    }

    /**
     * Adds one IPv4 or IPv6 fragment (its IPv4 header checksum already checked). Returns the whole
     * datagram as a frame when this fragment completes it, else null.
     */
    public Frame add(PacketView v, long now) {
        Fragment f = fragment;
        if (!describe(v, f)) {
            return null;
        }
        int offset = v.fragmentOffset();
        Key key = new Key(hi(v, v.ipSrc()), lo(v, v.ipSrc()), hi(v, v.ipDst()), lo(v, v.ipDst()), v.ipId(),
                v.ipVersion());
        Datagram d = pending.get(key);
        if (d == null) {
            if (pending.size() >= maxDatagrams) {
                dropOldest();
            }
            d = new Datagram(key, now);
            takeHeader(d, v, f);
            pending.put(key, d);
        } else if (f.proto != d.proto || f.headerLength != d.header.length) {
            weirds.weird(Weirds.FRAGMENT_PROTOCOL_INCONSISTENCY, null, v, null, null);
        }
        if (v.ipVersion() == 4 && (v.u8(v.l3() + 6) & 0x40) != 0) {
            weirds.weird(Weirds.FRAGMENT_WITH_DF, null, v, null, null); // Linux PMTU discovery for UDP does this
        }
        if (offset == 0 && !d.haveFirst) {
            // The first fragment carries the header the datagram is delivered with.
            d.haveFirst = true;
            takeHeader(d, v, f);
            linkOf(v, d);
        } else if (d.link == null) {
            linkOf(v, d);
        }
        int upper = offset + f.length;
        if (!v.moreFragments()) {
            if (d.fragSize == 0) {
                d.fragSize = upper;
            } else if (upper != d.fragSize) {
                weirds.weird(Weirds.FRAGMENT_SIZE_INCONSISTENCY, null, v, null, null);
                d.fragSize = Math.max(d.fragSize, upper);
            }
        } else if (f.total < MIN_FRAGMENT) {
            weirds.weird(Weirds.EXCESSIVELY_SMALL_FRAGMENT, null, v, null, null);
        }
        if (upper > LARGE_DATAGRAM) {
            weirds.weird(Weirds.EXCESSIVELY_LARGE_FRAGMENT, null, v, null, null);
            if (upper > maxPayload(d)) {
                drop(d); // cannot be an IP datagram at all
                return null;
            }
        }
        if (d.fragSize != 0 && upper > d.fragSize) {
            // A non-last fragment reaching past the end a last fragment announced.
            weirds.weird(Weirds.FRAGMENT_SIZE_INCONSISTENCY, null, v, null, null);
            d.fragSize = upper;
        }
        if (f.length > 0) {
            if (!reserve(d, upper)) {
                return null;
            }
            insert(d, v, f.dataOffset, offset, upper);
        }
        return complete(d, v);
    }

    private static int maxPayload(Datagram d) {
        return d.key.version == 4 ? MAX_LENGTH - d.header.length : MAX_LENGTH - (d.header.length - IPV6_HEADER);
    }

    /** Reads the fragment's header layout; false when it is not a fragment this class can use. */
    private static boolean describe(PacketView v, Fragment f) {
        int l3 = v.l3();
        int end;
        if (v.ipVersion() == 4) {
            f.headerLength = v.ipHeaderLength();
            f.proto = v.ipProto();
            f.total = v.ipTotalLength();
            f.dataOffset = l3 + f.headerLength;
            end = Math.min(v.ipEnd(), l3 + f.total);
        } else {
            // Walk the extension headers to the Fragment header: what precedes it is unfragmentable.
            int next = v.u8(l3 + 6);
            int nextAt = 6;
            int p = l3 + IPV6_HEADER;
            int limit = v.ipEnd();
            while (next != IPV6_FRAGMENT) {
                if (next != 0 && next != 43 && next != 60 && next != 51 && next != 135) {
                    return false; // no Fragment header before the payload
                }
                if (p + 8 > limit) {
                    return false;
                }
                int len = next == 51 ? (v.u8(p + 1) + 2) * 4 : (v.u8(p + 1) + 1) * 8;
                next = v.u8(p);
                nextAt = p - l3;
                p += len;
            }
            if (p + 8 > limit) {
                return false;
            }
            f.headerLength = p - l3;
            f.nextHeaderAt = nextAt;
            f.proto = v.u8(p);
            f.total = v.ipTotalLength();
            f.dataOffset = p + 8;
            end = Math.min(v.ipEnd(), l3 + f.total);
        }
        f.length = end - f.dataOffset;
        return f.length >= 0;
    }

    private static void takeHeader(Datagram d, PacketView v, Fragment f) {
        d.header = copy(v.data(), v.l3(), f.headerLength);
        d.nextHeaderAt = f.nextHeaderAt;
        d.proto = f.proto;
    }

    private static long hi(PacketView v, int off) {
        return v.ipVersion() == 6 ? v.u64(off) : 0;
    }

    private static long lo(PacketView v, int off) {
        return v.ipVersion() == 6 ? v.u64(off + 8) : v.u32(off);
    }

    private static byte[] copy(byte[] data, int off, int len) {
        byte[] b = new byte[len];
        System.arraycopy(data, off, b, 0, len);
        return b;
    }

    /**
     * The link header to deliver the datagram behind: the fragment's own, unless the link
     * carries a length (802.3/LLC, NFLOG) that a longer datagram would contradict; then raw IP.
     */
    private static void linkOf(PacketView v, Datagram d) {
        if (v.has(PacketView.LLC) || v.linkType() == LinkTypes.NFLOG) {
            d.link = new byte[0];
            d.linkType = LinkTypes.RAW;
        } else {
            d.link = copy(v.data(), v.start(), v.l3() - v.start());
            d.linkType = v.linkType();
        }
    }

    /** Makes room for {@code upper} payload bytes, within the memory cap; false if the datagram was dropped. */
    private boolean reserve(Datagram d, int upper) {
        if (upper <= d.payload.length) {
            return true;
        }
        int size = Math.min(MAX_LENGTH, Math.max(upper, Math.min(MAX_LENGTH, d.payload.length * 2)));
        int more = size - d.payload.length;
        while (memory + more > memoryCap) {
            Datagram old = pending.values().iterator().next();
            if (old == d) {
                drop(d);
                dropped(Weirds.FRAGMENT_REASSEMBLY_OVERFLOW, d);
                return false;
            }
            dropOldest();
        }
        d.payload = java.util.Arrays.copyOf(d.payload, size);
        memory += more;
        return true;
    }

    private void dropOldest() {
        Datagram old = pending.values().iterator().next();
        drop(old);
        dropped(Weirds.FRAGMENT_REASSEMBLY_OVERFLOW, old);
    }

    private void drop(Datagram d) {
        if (pending.remove(d.key) != null) {
            memory -= d.payload.length;
        }
    }

    private void dropped(String weird, Datagram d) {
        weirds.weird(weird, "IP id " + d.key.id + ", " + d.blockCount + " fragment block(s)", null,
                d.key.text(d.key.srcHi, d.key.srcLo), d.key.text(d.key.dstHi, d.key.dstLo));
    }

    /**
     * Stores the parts of [offset, upper) no earlier fragment covered (earlier bytes win, as in
     * Zeek) and reports each block the fragment overlaps, as Zeek's CheckOverlap does.
     */
    private void insert(Datagram d, PacketView v, int dataOff, int offset, int upper) {
        byte[] pkt = v.data();
        int cur = offset;
        int i = 0;
        while (i < d.blockCount && d.blocks[2 * i + 1] <= cur) {
            i++;
        }
        while (cur < upper) {
            if (i == d.blockCount || d.blocks[2 * i] >= upper) {
                addBlock(d, i, cur, upper, pkt, dataOff + cur - offset);
                break;
            }
            int bSeq = (int) d.blocks[2 * i];
            int bUpper = (int) d.blocks[2 * i + 1];
            if (cur < bSeq) {
                addBlock(d, i, cur, bSeq, pkt, dataOff + cur - offset);
                i++;
                cur = bSeq;
                continue;
            }
            int end = Math.min(bUpper, upper);
            boolean differs = false;
            for (int k = cur; k < end && !differs; k++) {
                differs = d.payload[k] != pkt[dataOff + k - offset];
            }
            weirds.weird(differs ? Weirds.FRAGMENT_INCONSISTENCY : Weirds.FRAGMENT_OVERLAP, null, v, null, null);
            cur = end;
            i++;
        }
    }

    private static void addBlock(Datagram d, int index, int seq, int upper, byte[] pkt, int from) {
        if (2 * d.blockCount + 2 > d.blocks.length) {
            d.blocks = java.util.Arrays.copyOf(d.blocks, d.blocks.length * 2);
        }
        System.arraycopy(d.blocks, 2 * index, d.blocks, 2 * index + 2, 2 * (d.blockCount - index));
        d.blocks[2 * index] = seq;
        d.blocks[2 * index + 1] = upper;
        d.blockCount++;
        System.arraycopy(pkt, from, d.payload, seq, upper - seq);
    }

    /** Zeek's completeness test; builds the frame when nothing is missing. */
    private Frame complete(Datagram d, PacketView v) {
        if (d.blockCount == 0 || d.blocks[0] > 0 || d.fragSize == 0 || !d.haveFirst) {
            return null;
        }
        int run = 0;
        while (run + 1 < d.blockCount && d.blocks[2 * run + 1] == d.blocks[2 * run + 2]) {
            run++;
        }
        int contiguousEnd = (int) d.blocks[2 * run + 1];
        int lastUpper = (int) d.blocks[2 * d.blockCount - 1];
        if (run + 1 < d.blockCount) {
            if (contiguousEnd < d.fragSize) {
                return null; // a hole before the end
            }
            // Stuck: contiguous to the expected end, more beyond a hole (two datagrams mixed).
            weirds.weird(Weirds.FRAGMENT_SIZE_INCONSISTENCY, null, v, null, null);
            d.fragSize = contiguousEnd;
        } else if (lastUpper > d.fragSize) {
            weirds.weird(Weirds.FRAGMENT_SIZE_INCONSISTENCY, null, v, null, null);
            d.fragSize = lastUpper;
        } else if (lastUpper < d.fragSize) {
            return null; // the tail is missing
        }
        drop(d);
        int hl = d.header.length;
        byte[] frame = new byte[d.link.length + hl + d.fragSize];
        System.arraycopy(d.link, 0, frame, 0, d.link.length);
        int ip = d.link.length;
        System.arraycopy(d.header, 0, frame, ip, hl);
        System.arraycopy(d.payload, 0, frame, ip + hl, d.fragSize);
        if (d.key.version == 4) {
            int length = hl + d.fragSize;
            frame[ip + 2] = (byte) (length >>> 8);
            frame[ip + 3] = (byte) length;
            frame[ip + 6] &= 0x40; // keep DF, clear MF and the offset: one whole datagram now
            frame[ip + 7] = 0;
            headerChecksum(frame, ip, hl);
        } else {
            int length = hl - IPV6_HEADER + d.fragSize;
            frame[ip + 4] = (byte) (length >>> 8);
            frame[ip + 5] = (byte) length;
            frame[ip + d.nextHeaderAt] = (byte) d.proto; // the Fragment header is gone
        }
        return new Frame(frame, d.linkType);
    }

    private static void headerChecksum(byte[] frame, int ip, int hl) {
        frame[ip + 10] = 0;
        frame[ip + 11] = 0;
        int sum = 0;
        for (int k = 0; k < hl; k += 2) {
            sum += ((frame[ip + k] & 0xFF) << 8) | (frame[ip + k + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        sum = ~sum & 0xFFFF;
        frame[ip + 10] = (byte) (sum >>> 8);
        frame[ip + 11] = (byte) sum;
    }
}
