package dev.tattler.generate;

import java.nio.charset.StandardCharsets;

/**
 * Encoders for the application payloads an office LAN carries over UDP: DHCP, DNS, NetBIOS
 * name service, the BROWSER host announcement (an SMB mailslot write inside a NetBIOS
 * datagram), SSDP and SNTP. Each writes into a caller's array at an offset and returns the offset
 * after the last byte, so scenarios fill a scratch buffer and hand it to {@link FrameBuilder}.
 *
 * <p>The encodings follow the RFCs and what Windows hosts send closely enough for Wireshark to
 * dissect them; they are not meant to cover every option of the protocols.
 */
public final class Payloads {
    public static final int DHCP_DISCOVER = 1;
    public static final int DHCP_OFFER = 2;
    public static final int DHCP_REQUEST = 3;
    public static final int DHCP_ACK = 5;

    public static final int NETBIOS_WORKSTATION = 0x00;
    public static final int NETBIOS_SERVER = 0x20;
    public static final int NETBIOS_MASTER_BROWSER = 0x1D;

    private static final int DHCP_MAGIC_COOKIE = 0x6382_5363;
    /** RFC 1542: BOOTP relays may drop messages shorter than the original 300-byte BOOTP size. */
    private static final int BOOTP_MIN_LENGTH = 300;
    private static final byte[] DHCP_PARAMETERS = {1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, (byte) 249, (byte) 252};

    private Payloads() {
    }

    // ---------------------------------------------------------------- DHCP (RFC 2131/2132)

    /**
     * A client message (DISCOVER or REQUEST) from a host that has no address yet.
     *
     * @param requestedIp option 50, or 0 to leave it out
     * @param serverId    option 54, or 0 to leave it out
     */
    public static int dhcpClient(byte[] b, int off, int messageType, int xid, boolean broadcastFlag,
            long clientMac, String hostName, int requestedIp, int serverId) {
        int p = bootpHeader(b, off, 1, xid, broadcastFlag, 0, clientMac);
        p = option(b, p, 53, messageType, 1);
        b[p++] = 61;                                   // client identifier: type 1 + MAC
        b[p++] = 7;
        b[p++] = 1;
        p = putMac(b, p, clientMac);
        if (requestedIp != 0) {
            p = option(b, p, 50, requestedIp, 4);
        }
        if (serverId != 0) {
            p = option(b, p, 54, serverId, 4);
        }
        p = stringOption(b, p, 12, hostName);
        p = stringOption(b, p, 60, "MSFT 5.0");
        b[p++] = 55;
        b[p++] = (byte) DHCP_PARAMETERS.length;
        System.arraycopy(DHCP_PARAMETERS, 0, b, p, DHCP_PARAMETERS.length);
        p += DHCP_PARAMETERS.length;
        return dhcpEnd(b, off, p);
    }

    /** A server message (OFFER or ACK) granting {@code yourIp} for {@code leaseSeconds}. */
    public static int dhcpServer(byte[] b, int off, int messageType, int xid, boolean broadcastFlag,
            long clientMac, int yourIp, int serverId, int subnetMask, int router, int dnsServer,
            int leaseSeconds, String domain) {
        int p = bootpHeader(b, off, 2, xid, broadcastFlag, yourIp, clientMac);
        p = option(b, p, 53, messageType, 1);
        p = option(b, p, 54, serverId, 4);
        p = option(b, p, 51, leaseSeconds, 4);
        p = option(b, p, 58, leaseSeconds / 2, 4);      // renewal (T1)
        p = option(b, p, 59, leaseSeconds / 8 * 7, 4);  // rebinding (T2)
        p = option(b, p, 1, subnetMask, 4);
        p = option(b, p, 3, router, 4);
        p = option(b, p, 6, dnsServer, 4);
        p = stringOption(b, p, 15, domain);
        return dhcpEnd(b, off, p);
    }

    private static int bootpHeader(byte[] b, int off, int op, int xid, boolean broadcastFlag, int yourIp,
            long clientMac) {
        java.util.Arrays.fill(b, off, off + 240, (byte) 0);
        b[off] = (byte) op;
        b[off + 1] = 1;                                // htype Ethernet
        b[off + 2] = 6;                                // hlen
        put32(b, off + 4, xid);
        put16(b, off + 10, broadcastFlag ? 0x8000 : 0);
        put32(b, off + 16, yourIp);
        putMac(b, off + 28, clientMac);                // chaddr, rest of its 16 bytes zero
        put32(b, off + 236, DHCP_MAGIC_COOKIE);        // sname and file stay zero
        return off + 240;
    }

    private static int dhcpEnd(byte[] b, int off, int p) {
        b[p++] = (byte) 255;
        int end = Math.max(p, off + BOOTP_MIN_LENGTH);
        java.util.Arrays.fill(b, p, end, (byte) 0);
        return end;
    }

    private static int option(byte[] b, int p, int code, int value, int width) {
        b[p++] = (byte) code;
        b[p++] = (byte) width;
        for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
            b[p++] = (byte) (value >>> shift);
        }
        return p;
    }

    private static int stringOption(byte[] b, int p, int code, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b[p++] = (byte) code;
        b[p++] = (byte) v.length;
        System.arraycopy(v, 0, b, p, v.length);
        return p + v.length;
    }

    // ---------------------------------------------------------------- DNS (RFC 1035)

    /** A standard recursive query for one name (type A = 1, PTR = 12, ...), class IN. */
    public static int dnsQuery(byte[] b, int off, int id, String name, int qtype) {
        put16(b, off, id);
        put16(b, off + 2, 0x0100);                     // standard query, recursion desired
        put16(b, off + 4, 1);
        put16(b, off + 6, 0);
        put16(b, off + 8, 0);
        put16(b, off + 10, 0);
        int p = dnsName(b, off + 12, name);
        p = put16(b, p, qtype);
        return put16(b, p, 1);
    }

    /** The answer to an A query: the question repeated, one A record pointing back at it. */
    public static int dnsAnswerA(byte[] b, int off, int id, String name, int address, int ttlSeconds) {
        int p = dnsQuery(b, off, id, name, 1);
        put16(b, off + 2, 0x8180);                     // response, RD, RA, no error
        put16(b, off + 6, 1);
        p = put16(b, p, 0xC00C);                       // name: pointer to the question
        p = put16(b, p, 1);
        p = put16(b, p, 1);
        p = put32(b, p, ttlSeconds);
        p = put16(b, p, 4);
        return put32(b, p, address);
    }

    private static int dnsName(byte[] b, int p, String name) {
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b[p++] = (byte) l.length;
            System.arraycopy(l, 0, b, p, l.length);
            p += l.length;
        }
        b[p++] = 0;
        return p;
    }

    // ---------------------------------------------------------------- NetBIOS (RFC 1001/1002)

    /**
     * A broadcast (B-node) name registration request for {@code name<suffix>} owning
     * {@code address}, as a Windows host sends three times per name at start.
     */
    public static int nbnsRegistration(byte[] b, int off, int id, String name, int suffix, boolean group,
            int address) {
        put16(b, off, id);
        put16(b, off + 2, 0x2910);                     // opcode 5 (registration), RD, broadcast
        put16(b, off + 4, 1);
        put16(b, off + 6, 0);
        put16(b, off + 8, 0);
        put16(b, off + 10, 1);
        int p = netbiosName(b, off + 12, name, suffix);
        p = put16(b, p, 0x0020);                       // NB
        p = put16(b, p, 1);                            // IN
        p = put16(b, p, 0xC00C);
        p = put16(b, p, 0x0020);
        p = put16(b, p, 1);
        p = put32(b, p, 300_000);
        p = put16(b, p, 6);
        p = put16(b, p, group ? 0x8000 : 0x0000);      // group bit, B-node
        return put32(b, p, address);
    }

    /** A broadcast name query for {@code name<suffix>}. */
    public static int nbnsQuery(byte[] b, int off, int id, String name, int suffix) {
        return nbnsQuery(b, off, id, name, suffix, true);
    }

    /**
     * A name query for {@code name<suffix>}: broadcast (B-node, to the subnet broadcast) or
     * unicast to a name server (the broadcast flag clear, as an H-node asks its WINS server).
     */
    public static int nbnsQuery(byte[] b, int off, int id, String name, int suffix, boolean broadcast) {
        put16(b, off, id);
        put16(b, off + 2, broadcast ? 0x0110 : 0x0100);   // query, RD, broadcast flag
        put16(b, off + 4, 1);
        put16(b, off + 6, 0);
        put16(b, off + 8, 0);
        put16(b, off + 10, 0);
        int p = netbiosName(b, off + 12, name, suffix);
        p = put16(b, p, 0x0020);
        return put16(b, p, 1);
    }

    /** The owner's positive answer to {@link #nbnsQuery}, sent unicast to the asker. */
    public static int nbnsQueryResponse(byte[] b, int off, int id, String name, int suffix, int address) {
        put16(b, off, id);
        put16(b, off + 2, 0x8500);                     // response, AA, RD
        put16(b, off + 4, 0);
        put16(b, off + 6, 1);
        put16(b, off + 8, 0);
        put16(b, off + 10, 0);
        int p = netbiosName(b, off + 12, name, suffix);
        p = put16(b, p, 0x0020);
        p = put16(b, p, 1);
        p = put32(b, p, 300_000);
        p = put16(b, p, 6);
        p = put16(b, p, 0);
        return put32(b, p, address);
    }

    /**
     * A BROWSER "Host Announcement" as sent to UDP 138 of the subnet broadcast: a NetBIOS
     * DIRECT_GROUP datagram from {@code host<00>} to {@code workgroup<1D>} carrying an SMB
     * Transaction that writes to the mailslot \MAILSLOT\BROWSE.
     *
     * @param periodicityMs the announcement interval the host promises (Windows: up to 12 min)
     */
    public static int browserHostAnnouncement(byte[] b, int off, int datagramId, int srcIp, String host,
            String workgroup, String comment, int periodicityMs) {
        byte[] commentBytes = comment.getBytes(StandardCharsets.US_ASCII);
        int announcementLength = 32 + commentBytes.length + 1;
        byte[] mailslot = "\\MAILSLOT\\BROWSE".getBytes(StandardCharsets.US_ASCII);
        int smbLength = 32 + 1 + 17 * 2 + 2 + mailslot.length + 1 + announcementLength;

        // NetBIOS datagram header (RFC 1002 4.4.1)
        b[off] = 0x11;                                 // DIRECT_GROUP datagram
        b[off + 1] = 0x02;                             // first fragment, B node
        put16(b, off + 2, datagramId);
        put32(b, off + 4, srcIp);
        put16(b, off + 8, 138);
        put16(b, off + 10, 34 + 34 + smbLength);       // names and user data
        put16(b, off + 12, 0);
        int p = netbiosName(b, off + 14, host, NETBIOS_WORKSTATION);
        p = netbiosName(b, p, workgroup, NETBIOS_MASTER_BROWSER);

        // SMB header
        int smb = p;
        java.util.Arrays.fill(b, smb, smb + 32, (byte) 0);
        b[smb] = (byte) 0xFF;
        b[smb + 1] = 'S';
        b[smb + 2] = 'M';
        b[smb + 3] = 'B';
        b[smb + 4] = 0x25;                             // SMB_COM_TRANSACTION
        p = smb + 32;

        // Transaction request: 17 parameter words, of which 3 are the mailslot setup words
        int dataOffset = 32 + 1 + 17 * 2 + 2 + mailslot.length + 1;
        b[p++] = 17;
        p = put16le(b, p, 0);                          // total parameter count
        p = put16le(b, p, announcementLength);         // total data count
        p = put16le(b, p, 0);                          // max parameter count
        p = put16le(b, p, 0);                          // max data count
        b[p++] = 0;                                    // max setup count
        b[p++] = 0;
        p = put16le(b, p, 0);                          // flags
        p = put32le(b, p, 0);                          // timeout
        p = put16le(b, p, 0);
        p = put16le(b, p, 0);                          // parameter count
        p = put16le(b, p, dataOffset);                 // parameter offset
        p = put16le(b, p, announcementLength);         // data count
        p = put16le(b, p, dataOffset);                 // data offset
        b[p++] = 3;                                    // setup count
        b[p++] = 0;
        p = put16le(b, p, 1);                          // mailslot opcode: write
        p = put16le(b, p, 1);                          // priority
        p = put16le(b, p, 2);                          // class: unreliable & broadcast
        p = put16le(b, p, mailslot.length + 1 + announcementLength);
        System.arraycopy(mailslot, 0, b, p, mailslot.length);
        p += mailslot.length;
        b[p++] = 0;

        // Host announcement (MS-BRWS 2.2.1)
        b[p++] = 0x01;                                 // HostAnnouncement
        b[p++] = 0;                                    // update count
        p = put32le(b, p, periodicityMs);
        java.util.Arrays.fill(b, p, p + 16, (byte) 0);
        byte[] hostBytes = host.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hostBytes, 0, b, p, Math.min(15, hostBytes.length));
        p += 16;
        b[p++] = 6;                                    // OS version 6.1
        b[p++] = 1;
        p = put32le(b, p, 0x0000_1003);                // workstation, server, NT workstation
        b[p++] = 15;                                   // browser version 15.1
        b[p++] = 1;
        p = put16le(b, p, 0xAA55);
        System.arraycopy(commentBytes, 0, b, p, commentBytes.length);
        p += commentBytes.length;
        b[p++] = 0;
        return p;
    }

    /**
     * A NetBIOS name in first-level encoding (RFC 1001 14.1): padded to 15 characters with
     * spaces, the suffix as 16th byte, each nibble as a letter 'A'..'P', no scope.
     */
    private static int netbiosName(byte[] b, int p, String name, int suffix) {
        b[p++] = 32;
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < 16; i++) {
            int c = i == 15 ? suffix : i < upper.length() ? upper.charAt(i) : ' ';
            b[p++] = (byte) ('A' + (c >> 4 & 0x0F));
            b[p++] = (byte) ('A' + (c & 0x0F));
        }
        b[p++] = 0;
        return p;
    }

    // ---------------------------------------------------------------- SSDP

    /** An SSDP M-SEARCH for {@code searchTarget} (e.g. "ssdp:all"). */
    public static int ssdpSearch(byte[] b, int off, String searchTarget) {
        return ascii(b, off, "M-SEARCH * HTTP/1.1\r\n"
                + "HOST: 239.255.255.250:1900\r\n"
                + "MAN: \"ssdp:discover\"\r\n"
                + "MX: 1\r\n"
                + "ST: " + searchTarget + "\r\n"
                + "USER-AGENT: Microsoft-Windows/10.0 UPnP/1.0\r\n\r\n");
    }

    /** A device's ssdp:alive announcement of one notification type. */
    public static int ssdpNotify(byte[] b, int off, int deviceIp, String uuid, String notificationType) {
        return ascii(b, off, "NOTIFY * HTTP/1.1\r\n"
                + "HOST: 239.255.255.250:1900\r\n"
                + "CACHE-CONTROL: max-age=1800\r\n"
                + "LOCATION: http://" + FrameBuilder.ipString(deviceIp) + ":80/description.xml\r\n"
                + "NT: " + notificationType + "\r\n"
                + "NTS: ssdp:alive\r\n"
                + "SERVER: Embedded/1.0 UPnP/1.0 Printer/1.0\r\n"
                + "USN: uuid:" + uuid + "::" + notificationType + "\r\n\r\n");
    }

    /** A device's unicast answer to an M-SEARCH. */
    public static int ssdpResponse(byte[] b, int off, int deviceIp, String uuid, String searchTarget) {
        return ascii(b, off, "HTTP/1.1 200 OK\r\n"
                + "CACHE-CONTROL: max-age=1800\r\n"
                + "EXT:\r\n"
                + "LOCATION: http://" + FrameBuilder.ipString(deviceIp) + ":80/description.xml\r\n"
                + "SERVER: Embedded/1.0 UPnP/1.0 Printer/1.0\r\n"
                + "ST: " + searchTarget + "\r\n"
                + "USN: uuid:" + uuid + "::" + searchTarget + "\r\n\r\n");
    }

    private static int ascii(byte[] b, int off, String s) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, off, v.length);
        return off + v.length;
    }

    // ---------------------------------------------------------------- NTP (RFC 4330, SNTP)

    /** Seconds from the NTP era start (1900) to the Unix epoch. */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    /**
     * An SNTP client request (version 3, mode 3), as Windows' time service sends it: every
     * field zero but the transmit timestamp, which the server echoes as originate timestamp.
     */
    public static int ntpRequest(byte[] b, int off, long transmitNanos) {
        java.util.Arrays.fill(b, off, off + 48, (byte) 0);
        b[off] = 0x1B;                                 // LI 0, VN 3, mode 3 (client)
        putNtpTime(b, off + 40, transmitNanos);
        return off + 48;
    }

    /**
     * A server's answer (version 3, mode 4, stratum 3) to a request sent at
     * {@code originateNanos}, received at {@code receiveNanos} and answered at
     * {@code transmitNanos}; {@code referenceId} is the server's own time source (an IPv4
     * address at stratum 2 and below).
     */
    public static int ntpResponse(byte[] b, int off, int referenceId, long originateNanos, long receiveNanos,
            long transmitNanos) {
        java.util.Arrays.fill(b, off, off + 48, (byte) 0);
        b[off] = 0x1C;                                 // LI 0, VN 3, mode 4 (server)
        b[off + 1] = 3;                                // stratum
        b[off + 2] = 10;                               // poll: 2^10 s
        b[off + 3] = (byte) -20;                       // precision: about a microsecond
        put32(b, off + 4, 0x0000_0800);                // root delay 1/32 s (16.16 fixed point)
        put32(b, off + 8, 0x0000_1000);                // root dispersion 1/16 s
        put32(b, off + 12, referenceId);
        putNtpTime(b, off + 16, receiveNanos - 64_000_000_000L);   // last set a minute ago
        putNtpTime(b, off + 24, originateNanos);
        putNtpTime(b, off + 32, receiveNanos);
        putNtpTime(b, off + 40, transmitNanos);
        return off + 48;
    }

    /** An NTP timestamp: seconds since 1900 and a binary fraction, 32 bits each. */
    private static void putNtpTime(byte[] b, int p, long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        put32(b, p, (int) (seconds + NTP_EPOCH_OFFSET));
        put32(b, p + 4, (int) ((nanos << 32) / 1_000_000_000L));
    }

    // ---------------------------------------------------------------- byte helpers

    private static int putMac(byte[] b, int p, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            b[p++] = (byte) (mac >>> shift);
        }
        return p;
    }

    private static int put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
        return p + 2;
    }

    private static int put32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        return p + 4;
    }

    /** SMB is little-endian, unlike everything around it. */
    private static int put16le(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        return p + 2;
    }

    private static int put32le(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
        return p + 4;
    }
}
