package caption.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import caption.data.shapes.ShapesGenerator;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SearchWarmUpTest {

    @Test
    void warmingUpChangesNeitherCaptionsNorTheProcesssRandomStream() throws Exception {
        CaptionModel model = ModelFile.load(ModelRegistry.resolve("shapes-attention"));
        ShapesGenerator generator = new ShapesGenerator(20261208);
        List<BufferedImage> scenes = IntStream.range(0, 6).mapToObj(i -> generator.generate(i).image()).toList();
        SearchSettings search = new SearchSettings(5, 20, 0.7);
        List<Caption> before = model.caption(scenes, search);

        Nd4j.getRandom().setSeed(11);
        double next = Nd4j.getRandom().nextDouble();
        Nd4j.getRandom().setSeed(11);
        CaptionModel.warmUpSearch(() -> false);
        assertEquals(next, Nd4j.getRandom().nextDouble(), "the warm-up draws from a stream of its own");

        List<Caption> after = model.caption(scenes, search);
        for (int i = 0; i < scenes.size(); i++) {
            assertEquals(before.get(i).text(), after.get(i).text());
            assertEquals(before.get(i).score(), after.get(i).score(), 0.0);
        }
    }

    @Test
    void stopsAtTheFirstSearchAfterItIsToldTo() {
        AtomicInteger asked = new AtomicInteger();
        CaptionModel.warmUpSearch(() -> asked.incrementAndGet() > 0);
        assertEquals(1, asked.get(), "stops before its first search");
        asked.set(0);
        CaptionModel.warmUpSearch(() -> asked.incrementAndGet() > 2);
        assertEquals(3, asked.get(), "two searches, then the stop");
    }
}
