package dev.tattler.engine;

import java.nio.file.Path;
import java.util.List;

/** What a run needs to know: local networks, where logs go, the uid seed. */
public final class EngineConfig {
    private final List<String> localNets;
    private final Path logDir;
    private final long uidSeed;

    public EngineConfig(List<String> localNets, Path logDir, long uidSeed) {
        this.localNets = List.copyOf(localNets);
        this.logDir = logDir;
        this.uidSeed = uidSeed;
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
