package dev.tattler.decode;

/** Ethertype values the decoders dispatch on. */
final class EtherTypes {
    static final int IPV4 = 0x0800;
    static final int ARP = 0x0806;
    static final int VLAN = 0x8100;
    static final int IPV6 = 0x86DD;
    static final int MPLS_UNICAST = 0x8847;
    static final int MPLS_MULTICAST = 0x8848;
    static final int QINQ = 0x88A8;
    static final int PPPOE_SESSION = 0x8864;
    static final int QINQ_OLD = 0x9100;
    /** Values up to this are 802.3 lengths, not types: an LLC header follows. */
    static final int MAX_802_3_LENGTH = 1500;

    private EtherTypes() {
    }
}
