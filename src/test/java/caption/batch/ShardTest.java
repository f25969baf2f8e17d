package caption.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void parsesKOverN() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertEquals(new Shard(1, 1), Shard.parse(" 1/1 "));
        for (String bad : new String[] {"0/3", "4/3", "1/0", "3", "a/b", "-1/3", "1/3/5", "", "9999999999/1"}) {
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
        }
    }

    @Test
    void eachPathIsInExactlyOneShardAndTheShardsAreEven() {
        int n = 4;
        int[] sizes = new int[n];
        for (int i = 0; i < 8000; i++) {
            Path p = Path.of(String.format("photos/%06d.jpg", i));
            int in = 0;
            for (int k = 1; k <= n; k++) {
                if (new Shard(k, n).test(p)) {
                    in++;
                    sizes[k - 1]++;
                }
            }
            assertEquals(1, in, p.toString());
        }
        for (int size : sizes) {
            assertTrue(Math.abs(size - 2000) < 150, java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void theSplitIsFixedForEveryMachine() {
        // SHA-256("photos/000000.jpg") begins 0x5c3d6c5f...; pinned so that a change of hash is noticed
        assertEquals(Long.remainderUnsigned(Long.parseUnsignedLong(sha256Prefix("photos/000000.jpg"), 16), 7) + 1,
                Shard.of("photos/000000.jpg", 7));
        assertEquals(Shard.of("a/b.jpg", 5), Shard.of("a/b.jpg", 5));
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
