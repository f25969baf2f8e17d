package caption.train;

import caption.data.shapes.Scene;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What self-critical training pays a caption it sampled for one training image. */
public interface CaptionReward {

    /** The rewards a user chooses between ({@code caption train --scst --reward}). */
    enum Kind {
        /** CIDEr-D against the image's references (the default: any captioned dataset has them). */
        CIDER_D("CIDEr-D"),
        /** CIDEr-D when the shapes checker finds the caption true and complete of the image's scene, else 0. */
        SCENE_TRUTH("scene truth");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The option's spelling, as provenance records it too: cider-d or scene-truth. */
        @JsonValue
        public String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.optionName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(Arrays.stream(values()).map(Kind::optionName)
                    .collect(Collectors.joining(" or ")) + ", not '" + name + "'");
        }
    }

    Kind kind();

    /** How many images this reward knows. */
    int images();

    /**
     * The reward of {@code caption} for training image {@code image}; {@code ended} says whether its
     * sampler chose to end it (false: cut at the length limit).
     */
    double of(int image, String caption, boolean ended);

    /**
     * CIDEr-D with document frequencies over {@code references}, each image's references in turn,
     * an end marker after every reference and every caption that ended.
     */
    static CaptionReward ciderD(List<List<String>> references) {
        return new CiderDReward(references, true);
    }

    /**
     * CIDEr-D as {@link #ciderD} but without the end marker, gated by the checker's verdict against
     * each image's scene.
     */
    static CaptionReward sceneTruth(List<Scene> scenes, List<List<String>> references) {
        return new SceneTruthReward(scenes, references);
    }
}
