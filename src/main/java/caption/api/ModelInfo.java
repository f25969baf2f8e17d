package caption.api;

import caption.model.Provenance;

/**
 * What a loaded model is: the name it was loaded by, its file, its decoder type, vocabulary size,
 * whether it can show where it looked, its default search, and where it came from.
 */
public record ModelInfo(String name, String file, String decoder, int vocabularySize, boolean attends,
        int defaultBeam, int defaultMaxLength, Provenance provenance) {}
