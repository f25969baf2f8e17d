package caption.decoder;

import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Show, Attend and Tell: soft attention over the encoder's grid at every word ({@link AttendTellDecoder}). */
public final class AttendTellType implements DecoderType {

    public static final String NAME = "show-attend-tell";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "soft attention over the encoder's grid (Show, Attend and Tell)";
    }

    @Override
    public FeatureInput input() {
        return FeatureInput.GRID;
    }

    @Override
    public boolean attends() {
        return true;
    }

    @Override
    public void check(DecoderConfig c) {
        if (c.regions() < 1 || c.attentionSize() < 1 || !(c.attentionLambda() >= 0)) {
            throw new IllegalArgumentException("an attention decoder needs regions and attention size of at least 1 "
                    + "and a non-negative regulariser weight");
        }
        int side = DecoderConfig.gridSide(c.regions());
        if (c.positionChannels() != 0 && (c.positionChannels() != 2 || side * side != c.regions())) {
            throw new IllegalArgumentException("position channels are 0, or 2 for an attention decoder over a square grid");
        }
    }

    @Override
    public DecoderConfig configure(int vocabularySize, int featureWidth, int regions, DecoderOptions o) {
        int side = DecoderConfig.gridSide(regions);
        return new DecoderConfig(NAME, vocabularySize, featureWidth / regions, o.embeddingSize(), o.hiddenSize(),
                o.dropout(), regions, o.attentionSize(), o.attentionLambda(), o.positions() && side * side == regions ? 2 : 0);
    }

    @Override
    public DecoderParams initialise(DecoderConfig c, long seed, DataType type) {
        Random rng = new Random(seed);
        int context = c.contextSize();
        int att = c.attentionSize();
        Map<String, INDArray> a = DecoderParams.lstmArrays(c, rng, type, c.embeddingSize() + context);
        a.put(DecoderParams.ATT_FEATURE_W, DecoderParams.uniform(rng, type, 0.08, context, att));
        a.put(DecoderParams.ATT_FEATURE_B, Nd4j.zeros(type, 1, att));
        a.put(DecoderParams.ATT_HIDDEN_W, DecoderParams.uniform(rng, type, 0.08, c.hiddenSize(), att));
        a.put(DecoderParams.ATT_V, DecoderParams.uniform(rng, type, 0.08, att, 1));
        a.put(DecoderParams.GATE_W, DecoderParams.uniform(rng, type, 0.08, c.hiddenSize(), context));
        a.put(DecoderParams.GATE_B, Nd4j.zeros(type, 1, context));
        return new DecoderParams(a);
    }

    @Override
    public CaptionDecoder create(DecoderConfig config, DecoderParams params) {
        return new AttendTellDecoder(config, params);
    }
}
