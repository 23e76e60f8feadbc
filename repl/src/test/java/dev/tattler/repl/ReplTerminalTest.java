package dev.tattler.repl;

import dev.tattler.capture.LinkTypes;
import dev.tattler.capture.PcapWriter;
import dev.tattler.generate.FrameBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The REPL at a terminal: jline on in-memory streams, typed at as a person would (Enter is a
 * carriage return, Tab completes, Ctrl-C is the interrupt character the terminal turns into
 * SIGINT), with the history in a temporary file.
 */
class ReplTerminalTest {
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    Path dir;
    private PipedOutputStream keys;
    private ByteArrayOutputStream screen;
    private Thread session;
    private Terminal terminal;
    private Throwable failure;

    @BeforeEach
    void history() {
        System.setProperty("tattler.history", dir.resolve("history").toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null && session.isAlive()) {
            type(".quit\r");
            session.join(10_000);
        }
        System.clearProperty("tattler.history");
    }

    /** Starts the REPL on an emulated terminal ("xterm": progress lines and colours) or a dumb one. */
    private void start(String type, ReplLauncher.Options options) throws IOException, InterruptedException {
        keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        screen = new ByteArrayOutputStream();
        terminal = TerminalBuilder.builder().system(false).streams(in, screen).type(type)
                .size(new org.jline.terminal.Size(160, 40)).build();
        session = new Thread(() -> {
            try {
                InteractiveRepl.run(terminal, Settings.defaults(), options);
            } catch (Throwable t) {
                failure = t;
            }
        }, "repl-under-test");
        session.start();
        await("Tattler REPL");
    }

    private void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Ctrl-C while a command runs: the terminal driver turns the key into SIGINT, which jline
     * raises on the terminal, as done here (nothing reads the keyboard while a command runs).
     */
    private void interrupt() {
        terminal.raise(Terminal.Signal.INT);
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
    }

    /** Waits until the screen shows {@code text} (after {@code from} characters of it). */
    private int await(String text, int from) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String s = screen();
            int at = s.indexOf(text, from);
            if (at >= 0) {
                return at + text.length();
            }
            if (failure != null) {
                fail("the REPL failed: " + failure);
            }
            Thread.sleep(20);
        }
        fail("the screen never showed '" + text + "':\n" + screen());
        return -1;
    }

    private int await(String text) throws InterruptedException {
        return await(text, 0);
    }

    /**
     * Ctrl-C until the screen shows {@code text}: a loaded machine may not have started the
     * command when the first signal comes (an interrupt before it starts has nothing to stop).
     */
    private int interruptUntil(String text, int from) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            interrupt();
            for (int i = 0; i < 25; i++) {
                int at = screen().indexOf(text, from);
                if (at >= 0) {
                    return at + text.length();
                }
                Thread.sleep(20);
            }
        }
        return await(text, from);
    }

    @Test
    void ctrlCStopsAMillionPacketRunWhichShowsProgressAndTheSessionGoesOn() throws Exception {
        Path big = dir.resolve("big.pcap");
        writeUdpCapture(big, 1_000_000);
        start("xterm", PipedRepl.capture(big.toString()));
        type(".run\r");
        int at = await("replaying… ");
        at = interruptUntil("interrupted after ", at);
        type("packets.length > 0 && packets.length < 1000000\r");
        at = await("true", at);
        type(".show\r");
        at = await("UDP", at);
        type(".run\r");
        at = await("end of capture: 1,000,000 packets replayed", at);
        type(".show 999999\r");
        await("Frame 999999", at);
    }

    @Test
    void ctrlCInterruptsJavaScriptAndCtrlDLeaves() throws Exception {
        start("dumb", PipedRepl.capture(Incident.file().toString()));
        type("while (true) {}\r");
        await("while (true) {}");
        Thread.sleep(500); // the line is read and running: a Ctrl-C now stops it, not the line editor
        int at = interruptUntil("error: interrupted", 0);
        type("21 * 2\r");
        at = await("42", at);
        assertTrue(session.isAlive(), "Ctrl-C never leaves");
        // The prompt first: jline puts the terminal in raw mode before it prints one. A Ctrl-D
        // typed before that reaches the pty in cooked mode, whose line discipline takes it as
        // end-of-file without passing a byte, and the prompt then waits for more keys (the
        // thread dump of a failure showed the session in readLine).
        await("> ", at);
        type("\u0004"); // Ctrl-D on an empty line leaves
        session.join(10_000);
        assertFalse(session.isAlive(), () -> "Ctrl-D leaves; still running:\n" + threads());
    }

    /** Every thread's stack, for a session that did not end when it should have. */
    private static String threads() {
        StringBuilder sb = new StringBuilder();
        for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            sb.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                sb.append("    at ").append(f).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void completesClearsOnCtrlCTakesMultiLineInputAndKeepsHistoryAcrossSessions() throws Exception {
        start("xterm", PipedRepl.capture(Incident.file().toString()));
        type(".ste\t\r"); // Tab completes .step
        int at = await("      1  ");
        type("function f() {\r  return 41 + 1;\r}\r");
        type("f()\r");
        at = await("42", at);
        type("half a line");
        at = await("half a line", at);
        // Ctrl-C at the prompt drops the line, and the session goes on. In a real terminal the
        // driver turns the key into SIGINT, which jline raises; do the same here.
        interrupt();
        Thread.sleep(500); // let the reader act on it before typing on
        type("40 + 3\r");
        at = await("43", at);
        type("tattler.noti\t({ note: 'Repl::Test', msg: 'typed' })\r");
        at = await("true", at);
        type(".notices\r");
        await("Repl::Test", at);
        type(".quit\r");
        session.join(10_000);
        List<String> history = Files.readAllLines(dir.resolve("history"));
        assertTrue(history.stream().anyMatch(l -> l.contains(".step")), history.toString());

        start("xterm", PipedRepl.capture(Incident.file().toString()));
        type("\u0010\u0010\u0010\r"); // Ctrl-P (up) three times: .quit, .notices, the notice
        await("true");
    }

    @Test
    void watchesPrintAboveThePromptDuringARun() throws Exception {
        start("dumb", PipedRepl.capture(Incident.file().toString(), "worm770"));
        type(".watch notice n.note\r");
        type(".run\r");
        int at = await("[notice #");
        at = await("Worm770::Infected_Host", at);
        await("end of capture", at);
    }

    /** A capture of {@code n} small UDP packets, one flow, 1 ms apart: big enough to take a while. */
    static void writeUdpCapture(Path file, int n) throws IOException {
        FrameBuilder b = new FrameBuilder();
        byte[] payload = new byte[18];
        int len = b.udp(0x020000000002L, 0x020000000001L, 1, 64, 0x0A000001, 0x0A000002, 40000, 53, payload, 0, 18);
        byte[] frame = java.util.Arrays.copyOf(b.buffer(), len);
        long t = 1_700_000_000_000_000_000L;
        try (PcapWriter w = PcapWriter.create(file, LinkTypes.ETHERNET, PcapWriter.DEFAULT_SNAPLEN)) {
            for (int i = 0; i < n; i++) {
                w.write(t + i * 1_000_000L, frame, 0, frame.length, frame.length);
            }
        }
    }

    @Test
    void completion() throws Exception {
        Console console = new Console(new java.io.PrintStream(new ByteArrayOutputStream()),
                new java.io.PrintStream(new ByteArrayOutputStream()));
        try (Repl repl = ReplLauncher.start(console, Settings.defaults(),
                new ReplLauncher.Options(null, null, null, List.of(), List.of(), false, Map.of(), null, false))) {
            ReplCompleter c = new ReplCompleter(repl);
            assertEquals(List.of(".watch"), complete(c, ".wa"));
            assertTrue(complete(c, ".watch udp_").contains("udp_request"));
            assertTrue(complete(c, ".watch udp_request c.id.re").containsAll(List.of("c.id.resp_h", "c.id.resp_p")));
            assertTrue(complete(c, "tattler.no").containsAll(List.of("tattler.notice", "tattler.now")));
            assertTrue(complete(c, "conns.fil").contains("conns.filter"));
            assertTrue(complete(c, "conns.filter(c => c.hist").contains("c.history"));
            assertTrue(complete(c, "tattler.on('arp_").contains("arp_request"));
            assertTrue(complete(c, "pack").contains("packets"));
        }
    }

    private static List<String> complete(ReplCompleter c, String line) throws Exception {
        List<org.jline.reader.Candidate> out = new java.util.ArrayList<>();
        c.complete(null, new ReplParser().parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE), out);
        String word = new ReplParser().parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE).word();
        return out.stream().map(org.jline.reader.Candidate::value).filter(v -> v.startsWith(word)).toList();
    }
}
