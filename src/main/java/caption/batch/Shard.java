package caption.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} ({@code --shard K/N}, K from 1 to N): the images whose
 * path, as written, hashes to it. The hash is the first 8 bytes of the SHA-256 of the path's UTF-8
 * bytes, as an unsigned number modulo N, so every machine that lists the same paths agrees on the
 * split, whatever its JVM, and each image lands in exactly one shard.
 */
public record Shard(int index, int count) implements Predicate<Path> {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, not " + index + "/" + count);
        }
    }

    /** {@code K/N}; anything else is an {@link IllegalArgumentException} saying what is expected. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N (such as 2/4), not " + text);
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The shard (1 to {@code count}) that {@code path} belongs to. */
    public static int of(String path, int count) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = h << 8 | (digest[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(h, count) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean test(Path path) {
        return of(path.toString(), count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
