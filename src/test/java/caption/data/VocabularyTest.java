package caption.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private final List<String> captions = List.of("A red circle.", "a red square", "a blue circle", "zebra");

    @Test
    void specialTokensComeFirstThenWordsByCount() {
        Vocabulary v = Vocabulary.build(captions, 1);
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "a", "circle", "red", "blue", "square", "zebra"),
                v.words());
        assertEquals(0, v.padId());
        assertEquals(3, v.unknownId());
    }

    @Test
    void rareWordsBecomeUnknown() {
        Vocabulary v = Vocabulary.build(captions, 2);
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "a", "circle", "red"), v.words());
        assertArrayEquals(new int[] {v.id("a"), v.unknownId(), v.id("circle")}, v.encode("a blue circle"));
    }

    @Test
    void decodeStopsAtEndAndSkipsSpecials() {
        Vocabulary v = Vocabulary.build(captions, 1);
        int[] ids = {v.startId(), v.id("a"), v.id("red"), v.id("circle"), v.endId(), v.id("zebra")};
        assertEquals("a red circle", v.decode(ids));
        assertEquals("a red circle", v.decode(v.encode("A red circle .")));
    }

    @Test
    void rejectsMalformedWordLists() {
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> new Vocabulary(List.of("<pad>", "<start>", "<end>", "<unk>", "a", "a")));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(captions, 0));
    }
}
