package caption.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void lowercasesAndDropsPunctuation() {
        assertEquals(List.of("a", "dog", "runs", "on", "the", "grass"), Tokenizer.tokens("A dog runs, on the grass ."));
        assertEquals(List.of("the", "dog's", "ball"), Tokenizer.tokens("The dog's ball!"));
        assertEquals(List.of(), Tokenizer.tokens("  ... "));
    }
}
