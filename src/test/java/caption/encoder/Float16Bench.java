package caption.encoder;

import caption.data.shapes.ShapesGenerator;
import caption.model.Caption;
import caption.model.CaptionModel;
import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What storing features as float16 does (docs/benchmarks.md): the bundled shapes models caption
 * generated scenes from their float32 features and from the same features rounded to float16; the
 * largest difference of the scaled features and how many captions change, greedy and beam 3. Runs
 * only with {@code -Dfloat16.bench=true} ({@code -Dfloat16.scenes=N}, default 200).
 */
@EnabledIfSystemProperty(named = "float16.bench", matches = "true")
class Float16Bench {

    private static INDArray rounded(INDArray values) {
        float[] v = values.dup('c').data().asFloat();
        for (int i = 0; i < v.length; i++) {
            v[i] = Float16.toFloat(Float16.fromFloat(v[i]));
        }
        return Nd4j.create(v, values.shape(), 'c');
    }

    @Test
    void float16FeaturesAgainstFloat32() throws Exception {
        int count = Integer.getInteger("float16.scenes", 200);
        ShapesGenerator generator = new ShapesGenerator(2026);
        List<BufferedImage> scenes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scenes.add(generator.generate(i).image());
        }
        for (String name : List.of("shapes-attention", "shapes-show-tell")) {
            CaptionModel model = ModelFile.load(ModelRegistry.resolve(name));
            double maxScaled = 0;
            double maxRaw = 0;
            double maxRelative = 0;
            int[] changed = new int[2];
            SearchSettings[] searches = {new SearchSettings(1, 20, SearchSettings.DEFAULT_ALPHA),
                SearchSettings.defaults()};
            for (int from = 0; from < count; from += 32) {
                Features full = model.encoder().encode(scenes.subList(from, Math.min(count, from + 32)));
                Features half = new Features(rounded(full.pooled()), rounded(full.grid()));
                INDArray a = model.decoderInput(full);
                INDArray b = model.decoderInput(half);
                maxScaled = Math.max(maxScaled, Transforms.abs(a.sub(b)).maxNumber().doubleValue());
                INDArray rawDiff = Transforms.abs(full.grid().sub(half.grid()));
                maxRaw = Math.max(maxRaw, rawDiff.maxNumber().doubleValue());
                maxRelative = Math.max(maxRelative,
                        rawDiff.div(Transforms.abs(full.grid()).addi(1e-6)).maxNumber().doubleValue());
                for (int s = 0; s < 2; s++) {
                    List<Caption> x = model.captionFeatures(full, searches[s], false);
                    List<Caption> y = model.captionFeatures(half, searches[s], false);
                    for (int i = 0; i < x.size(); i++) {
                        if (!x.get(i).text().equals(y.get(i).text())) {
                            changed[s]++;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "{\"model\": \"%s\", \"scenes\": %d, \"max_abs_diff_raw\": %.3g, "
                    + "\"max_rel_diff_raw\": %.3g, \"max_abs_diff_scaled\": %.3g, \"captions_changed_greedy\": %d, "
                    + "\"captions_changed_beam3\": %d}%n", name, count, maxRaw, maxRelative, maxScaled, changed[0],
                    changed[1]);
        }
    }
}
