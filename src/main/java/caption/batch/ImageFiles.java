package caption.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The image files named by the command line, as a lazy stream in path order: files as given,
 * folders listed one at a time (recursively when asked), filtered by include and exclude globs on
 * the file name. Folders that cannot be listed and symbolic-link loops come out as entries with a
 * problem, so that they are reported like any bad image and the run goes on.
 */
public final class ImageFiles implements Iterable<ImageFiles.Entry> {

    /** Extensions of the formats the decoder reads. */
    public static final List<String> DEFAULT_INCLUDES = List.of(
            "*.{jpg,jpeg,JPG,JPEG,Jpg,Jpeg,png,PNG,gif,GIF,bmp,BMP,webp,WEBP,tif,tiff,TIF,TIFF}");

    /** A candidate image, or a place that could not be searched ({@code problem} not null). */
    public record Entry(Path path, String problem) {}

    private final List<Path> inputs;
    private final boolean recursive;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final Predicate<Path> keep;

    public ImageFiles(List<Path> inputs, boolean recursive, List<String> includeGlobs, List<String> excludeGlobs) {
        this.inputs = List.copyOf(inputs);
        this.recursive = recursive;
        FileSystem fs = FileSystems.getDefault();
        this.includes = includeGlobs.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
        this.excludes = excludeGlobs.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
        this.keep = path -> true;
    }

    private ImageFiles(ImageFiles all, Predicate<Path> keep) {
        this.inputs = all.inputs;
        this.recursive = all.recursive;
        this.includes = all.includes;
        this.excludes = all.excludes;
        this.keep = all.keep.and(keep);
    }

    /** The same listing, less the entries whose path {@code keep} refuses (another machine's {@link Shard}). */
    public ImageFiles only(Predicate<Path> keep) {
        return new ImageFiles(this, keep);
    }

    /** Whether a file name passes the globs. */
    boolean selected(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        boolean included = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(name));
        return included && excludes.stream().noneMatch(m -> m.matches(name) || m.matches(path));
    }

    @Override
    public Iterator<Entry> iterator() {
        Iterator<Entry> all = new Walker();
        return new Iterator<>() {
            private Entry next;

            @Override
            public boolean hasNext() {
                while (next == null && all.hasNext()) {
                    Entry e = all.next();
                    next = keep.test(e.path()) ? e : null;
                }
                return next != null;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Entry e = next;
                next = null;
                return e;
            }
        };
    }

    /** Depth-first over sorted listings; holds one folder's names per level, never the whole tree. */
    private final class Walker implements Iterator<Entry> {
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private final Set<Object> openFolders = new HashSet<>();
        private final Deque<Object> folderKeys = new ArrayDeque<>();
        private Entry next;

        Walker() {
            stack.push(inputs.iterator());
            folderKeys.push(new Object());
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    openFolders.remove(folderKeys.pop());
                    continue;
                }
                next = visit(top.next(), stack.size() == 1);
            }
            return next != null;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry entry = next;
            next = null;
            return entry;
        }

        /** An entry for this path, or null after descending into a folder or skipping a file. */
        private Entry visit(Path path, boolean named) {
            if (Files.isDirectory(path)) {
                if (named || recursive) {
                    return descend(path);
                }
                // a folder that looks like an image (x.jpg) is reported by the decoder; others are not images
                return selected(path) ? new Entry(path, null) : null;
            }
            if (named) {
                return new Entry(path, null); // named on the command line: always tried, so problems are reported
            }
            if (!selected(path)) {
                return null;
            }
            if (Files.isSymbolicLink(path) && !Files.exists(path)) {
                return new Entry(path, "broken symbolic link");
            }
            return new Entry(path, null);
        }

        private Entry descend(Path folder) {
            Object key;
            try {
                key = Files.readAttributes(folder, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                if (key == null) {
                    key = folder.toRealPath();
                }
            } catch (IOException e) {
                return new Entry(folder, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            if (openFolders.contains(key)) {
                return new Entry(folder, "symbolic link loop");
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
                listing.forEach(children::add);
            } catch (IOException e) {
                return new Entry(folder, "folder cannot be listed (" + e.getClass().getSimpleName() + ")");
            }
            children.sort(null);
            openFolders.add(key);
            folderKeys.push(key);
            stack.push(children.iterator());
            return null;
        }
    }
}
