package dev.tattler.engine;

import dev.tattler.conn.ConnConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs to know: local networks, where logs go, the uid seed, the scripts' options
 * ({@code --set name=value}, read by scripts as {@code tattler.config}), how long one script
 * handler call may run before the watchdog interrupts it, and connection tracking's settings
 * ({@link ConnConfig}: timeouts, checksums, the connection cap).
 */
public final class EngineConfig {
    private final List<String> localNets;
    private final Path logDir;
    private final long uidSeed;
    private Map<String, String> options = Map.of();
    private Duration handlerBudget = DEFAULT_HANDLER_BUDGET;
    private ConnConfig conn = ConnConfig.defaults();

    /** How long one script handler or timer callback may run by default. */
    public static final Duration DEFAULT_HANDLER_BUDGET = Duration.ofSeconds(2);

    public EngineConfig(List<String> localNets, Path logDir, long uidSeed) {
        this.localNets = List.copyOf(localNets);
        this.logDir = logDir;
        this.uidSeed = uidSeed;
    }

    /** A copy with every field; a field added to this class must be copied here too. */
    private EngineConfig copy() {
        EngineConfig c = new EngineConfig(localNets, logDir, uidSeed);
        c.options = options;
        c.handlerBudget = handlerBudget;
        c.conn = conn;
        return c;
    }

    /** The same configuration with the scripts' options ({@code --set name=value}), in the order given. */
    public EngineConfig withOptions(Map<String, String> options) {
        EngineConfig c = copy();
        c.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        return c;
    }

    /** The same configuration with another time budget per script handler call (positive). */
    public EngineConfig withHandlerBudget(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the handler time budget must be positive: " + budget);
        }
        EngineConfig c = copy();
        c.handlerBudget = budget;
        return c;
    }

    /**
     * The same configuration with other connection-tracking settings: timeouts, checksum
     * validation, the connection cap, fragment limits (see {@link ConnConfig}).
     */
    public EngineConfig withConn(ConnConfig conn) {
        EngineConfig c = copy();
        c.conn = java.util.Objects.requireNonNull(conn);
        return c;
    }

    /** The same configuration with checksums ignored ({@code -C}) or validated (the default). */
    public EngineConfig withIgnoreChecksums(boolean ignore) {
        return withConn(conn.withIgnoreChecksums(ignore));
    }

    /** Connection tracking: Zeek's timeouts, checksums, the connection cap. Default {@link ConnConfig#defaults()}. */
    public ConnConfig conn() {
        return conn;
    }

    /** True when IP, TCP, UDP and ICMP checksums are not validated ({@code -C}); default false. */
    public boolean ignoreChecksums() {
        return conn.ignoreChecksums();
    }

    /** Options for scripts, {@code --set name=value}, as given (strings; scripts see them typed). */
    public Map<String, String> options() {
        return options;
    }

    /**
     * How long one script handler or timer callback may run before the watchdog interrupts it;
     * a script's top level gets five times this. Default {@link #DEFAULT_HANDLER_BUDGET}.
     */
    public Duration handlerBudget() {
        return handlerBudget;
    }

    public static EngineConfig defaults(Path logDir) {
        return new EngineConfig(List.of(), logDir, 0x7a7713L);
    }

    public List<String> localNets() {
        return localNets;
    }

    /** Where logs are written; null writes none (tests that only watch events). */
    public Path logDir() {
        return logDir;
    }

    public long uidSeed() {
        return uidSeed;
    }
}
