package caption.data.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapesGeneratorTest {

    private static final Set<String> SPEC_VOCABULARY = Set.of(("a an there is small large red green blue yellow "
            + "purple orange circle circles square squares triangle triangles diamond diamonds cross crosses two "
            + "three to the left right of above below and").split(" "));
    private static final int SCENES = 400;

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void sameSeedAndIndexGiveTheSameScene() {
        ShapesGenerator.GeneratedScene a = new ShapesGenerator(11).generate(5);
        ShapesGenerator.GeneratedScene b = new ShapesGenerator(11).generate(5);
        assertArrayEquals(pixels(a.image()), pixels(b.image()));
        assertEquals(a.captions(), b.captions());
        assertEquals(a.scene().objects().size(), b.scene().objects().size());
        ShapesGenerator.GeneratedScene other = new ShapesGenerator(12).generate(5);
        assertNotEquals(a.captions(), other.captions());
    }

    @Test
    void scenesFollowTheSpec() {
        ShapesGenerator generator = new ShapesGenerator(3);
        int[] counts = new int[4];
        for (int i = 0; i < SCENES; i++) {
            ShapesGenerator.GeneratedScene g = generator.generate(i);
            Scene scene = g.scene();
            assertEquals(128, g.image().getWidth());
            assertEquals(128, g.image().getHeight());
            for (int c : scene.background()) {
                assertTrue(c >= 215 && c <= 250, "background channel " + c);
            }
            List<SceneObject> objects = scene.objects();
            counts[objects.size()]++;
            for (SceneObject o : objects) {
                Size size = o.sizeKind();
                assertTrue(o.extent() >= size.minExtent() && o.extent() <= size.maxExtent(), "extent " + o.extent());
                assertTrue(o.left() >= 4 && o.top() >= 4, "margin");
                assertTrue(o.left() + o.extent() <= 124 && o.top() + o.extent() <= 124, "margin");
                for (int c = 0; c < 3; c++) {
                    int base = o.colourKind().base(c);
                    assertTrue(Math.abs(o.rgb()[c] - base) <= 20 || o.rgb()[c] == 0 || o.rgb()[c] == 255, "jitter");
                }
            }
            assertTrue(ShapesGenerator.wellSeparated(objects), "boxes at least 6 px apart");
            if (objects.size() == 2) {
                assertTrue(Relation.strict(objects.get(0), objects.get(1)).isPresent(), "a 2-object scene has a relation");
            }
        }
        for (int n = 1; n <= 3; n++) {
            assertTrue(counts[n] > SCENES / 4, "object counts drawn uniformly: " + counts[n]);
        }
    }

    @Test
    void captionsAreTrueCompleteGrammaticalAndDistinct() {
        ShapesGenerator generator = new ShapesGenerator(4);
        CaptionChecker checker = new CaptionChecker();
        for (int i = 0; i < SCENES; i++) {
            ShapesGenerator.GeneratedScene g = generator.generate(i);
            assertEquals(5, g.captions().size());
            for (String caption : g.captions()) {
                assertTrue(caption.matches("[a-z]+( [a-z]+)*"), caption);
                for (String word : caption.split(" ")) {
                    assertTrue(SPEC_VOCABULARY.contains(word), word);
                }
                CaptionChecker.Verdict v = checker.check(caption, g.scene());
                assertTrue(v.correct(), caption + " must be true and complete for " + g.scene());
            }
            if (g.scene().objects().size() >= 2) {
                assertEquals(5, new HashSet<>(g.captions()).size(), "distinct captions: " + g.captions());
            }
        }
    }

    @Test
    void objectsArePaintedInTheirColour() {
        ShapesGenerator generator = new ShapesGenerator(9);
        for (int i = 0; i < 50; i++) {
            ShapesGenerator.GeneratedScene g = generator.generate(i);
            for (SceneObject o : g.scene().objects()) {
                if (o.shapeKind() == Shape.TRIANGLE) {
                    continue; // a triangle's box centre is near its edge
                }
                int rgb = g.image().getRGB((int) o.cx(), (int) o.cy());
                int[] channels = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                for (int c = 0; c < 3; c++) {
                    assertTrue(Math.abs(channels[c] - o.rgb()[c]) <= 30, "centre pixel of " + o);
                }
            }
        }
    }

    @Test
    void articleFollowsTheNextWord() {
        assertEquals("an", CaptionWriter.article("orange circle"));
        assertEquals("a", CaptionWriter.article("small orange circle"));
        assertEquals("a", CaptionWriter.article("red square"));
    }
}
