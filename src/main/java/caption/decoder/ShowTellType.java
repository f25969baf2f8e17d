package caption.decoder;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/** Show and Tell: the LSTM's state starts from the pooled image vector ({@link ShowTellDecoder}). */
public final class ShowTellType implements DecoderType {

    public static final String NAME = "show-tell";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LSTM started from the pooled vector (Show and Tell)";
    }

    @Override
    public FeatureInput input() {
        return FeatureInput.POOLED;
    }

    @Override
    public void check(DecoderConfig config) {
        if (config.positionChannels() != 0) {
            throw new IllegalArgumentException("a show-tell decoder has no position channels");
        }
    }

    @Override
    public DecoderConfig configure(int vocabularySize, int featureWidth, int regions, DecoderOptions options) {
        return new DecoderConfig(NAME, vocabularySize, featureWidth, options.embeddingSize(), options.hiddenSize(),
                options.dropout());
    }

    @Override
    public DecoderParams initialise(DecoderConfig config, long seed, DataType dataType) {
        return new DecoderParams(DecoderParams.lstmArrays(config, new Random(seed), dataType, config.embeddingSize()));
    }

    @Override
    public CaptionDecoder create(DecoderConfig config, DecoderParams params) {
        return new ShowTellDecoder(config, params);
    }
}
