package dev.tattler.script;

import org.graalvm.polyglot.io.FileSystem;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The only files a script can reach: read-only, and only inside the folders of the script
 * files loaded so far, so ES module {@code import} of a file beside the script works and
 * {@code import '../x.js'}, {@code import '/etc/passwd'} or a symbolic link pointing out of the
 * folder is refused with a message saying why. Wraps GraalVM's read-only view of the default
 * file system (DESIGN.md: IOAccess with {@code FileSystem.newReadOnlyFileSystem}).
 *
 * <p>A path passes when it lies under a root both as written (normalized) and, for anything
 * that reads content, after resolving links; folders are added by {@link ScriptHost#load(Path)}.
 */
final class FolderFileSystem implements FileSystem {
    private final FileSystem delegate = FileSystem.newReadOnlyFileSystem(FileSystem.newDefaultFileSystem());
    /** Each root both as given (absolute, normalized) and resolved; the engine thread adds, GraalJS reads. */
    private final CopyOnWriteArrayList<Path> roots = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Path> realRoots = new CopyOnWriteArrayList<>();

    /** Lets scripts read files in {@code folder} and below. */
    void allow(Path folder) throws IOException {
        Path abs = folder.toAbsolutePath().normalize();
        if (!roots.contains(abs)) {
            roots.add(abs);
        }
        Path real = abs.toRealPath();
        if (!realRoots.contains(real)) {
            realRoots.add(real);
        }
    }

    private Path confine(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        for (Path r : roots) {
            if (abs.startsWith(r)) {
                return abs;
            }
        }
        for (Path r : realRoots) {
            if (abs.startsWith(r)) {
                return abs;
            }
        }
        throw refused(abs);
    }

    /** As {@link #confine}, and the file it names once links are resolved must be inside too. */
    private Path confineReal(Path path) throws IOException {
        Path abs = confine(path);
        Path real = abs.toRealPath();
        for (Path r : realRoots) {
            if (real.startsWith(r)) {
                return abs;
            }
        }
        throw refused(abs);
    }

    private SecurityException refused(Path abs) {
        String where = roots.isEmpty() ? "this script was not loaded from a file, so it can import nothing"
                : "scripts may only read files in their own folder (" + String.join(", ",
                        roots.stream().map(Path::toString).toArray(String[]::new)) + ")";
        return new SecurityException("access to " + abs + " refused: " + where);
    }

    @Override
    public Path parsePath(URI uri) {
        return delegate.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return delegate.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        delegate.checkAccess(confine(path), modes, options);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new SecurityException("scripts cannot write files");
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new SecurityException("scripts cannot delete files");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return delegate.newByteChannel(confineReal(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        return delegate.newDirectoryStream(confineReal(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return delegate.toAbsolutePath(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        return delegate.toRealPath(confine(path), options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return delegate.readAttributes(confine(path), attributes, options);
    }
}
