package dev.tattler.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher decides, before any JVM starts, whether {@code tattler run ARGS} names a script
 * (then JavaScript and its JIT set-up) by walking the arguments as {@link RunCommand} parses
 * them: its {@code run_names_script} lists the options that take a value and those that do
 * not. An option added to RunCommand but not to the launcher would make the launcher take the
 * option's value for a script; this keeps the lists equal. The launcher's size boundary between
 * short and long captures is held to the run's likewise.
 */
class LauncherOptionsTest {
    private static final Path LAUNCHER = Path.of("..", "tattler");

    @Test
    void theLauncherKnowsRunsOptionsAsRunCommandParsesThem() throws IOException {
        String body = function(Files.readString(LAUNCHER), "run_names_script");
        assertEquals(new TreeSet<>(RunCommand.VALUE_OPTIONS), caseLabels(body, "shift ;;"),
                "options that take a value: ./tattler's run_names_script against RunCommand.VALUE_OPTIONS");
        Set<String> flags = caseLabels(body, ";;");
        flags.removeAll(List.of("--help", "-h", "--*=*")); // help, and --name=value in one argument
        assertEquals(new TreeSet<>(RunCommand.FLAGS), flags,
                "options without a value: ./tattler's run_names_script against RunCommand.FLAGS");
    }

    /**
     * The launcher picks C1 alone for captures up to a size, the run reads ahead without a
     * script on two cores above it: both are "a long run", and must draw the line at one size.
     */
    @Test
    void theLauncherAndTheRunAgreeWhereALongCaptureStarts() throws IOException {
        String body = function(Files.readString(LAUNCHER), "capture_length");
        Matcher m = Pattern.compile("-le \\$\\(\\((\\d+) \\* 1024 \\* 1024 \\* 1024\\)\\)").matcher(body);
        assertTrue(m.find(), "no size boundary in ./tattler's capture_length");
        assertEquals(CaptureRun.Input.LONG_CAPTURE_BYTES, Long.parseLong(m.group(1)) << 30,
                "./tattler's capture_length against CaptureRun.Input.LONG_CAPTURE_BYTES");
    }

    private static String function(String script, String name) {
        int start = script.indexOf(name + "() {");
        assertTrue(start >= 0, "no " + name + " in ./tattler");
        return script.substring(start, script.indexOf("\n}", start));
    }

    /** The labels of the case branch whose body is exactly {@code action}. */
    private static Set<String> caseLabels(String body, String action) {
        Matcher m = Pattern.compile("(?m)^\\s*([^\\s()]+)\\)\\s*" + Pattern.quote(action) + "\\s*$").matcher(body);
        assertTrue(m.find(), "no case branch '" + action + "' in run_names_script");
        return new TreeSet<>(Arrays.asList(m.group(1).split("\\|")));
    }
}
