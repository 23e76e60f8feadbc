package dev.tattler.analysis;

import dev.tattler.capture.PacketRecord;
import dev.tattler.decode.PacketDecoder;
import dev.tattler.decode.PacketView;

import java.util.ArrayList;
import java.util.List;

/** Literal frames for the analysis tests, decoded through the public decoder API. */
final class TestFrames {
    private TestFrames() {
    }

    static byte[] hex(String text) {
        String digits = text.replaceAll("[\\s|]", "");
        byte[] out = new byte[digits.length() / 2];
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + text);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Decodes one frame; weirds raised go to {@code weirds} when it is not null. */
    static PacketView decode(int linkType, String hex, List<String> weirds) {
        byte[] frame = hex(hex);
        PacketRecord r = new PacketRecord();
        r.set(frame, 0, frame.length, frame.length, 1_000_000_000L, linkType, 0);
        PacketView v = new PacketView();
        List<String> sink = weirds == null ? new ArrayList<>() : weirds;
        new PacketDecoder((name, addl, p) -> sink.add(name)).decode(r, v);
        return v;
    }

    static PacketView decode(int linkType, String hex) {
        List<String> weirds = new ArrayList<>();
        PacketView v = decode(linkType, hex, weirds);
        if (!weirds.isEmpty()) {
            throw new AssertionError("test frame raised " + weirds);
        }
        return v;
    }
}
