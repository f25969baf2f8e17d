package caption.api;

import java.io.IOException;

/** A model or image that cannot be used, with a one-line message naming it and the reason. */
public final class CaptionException extends IOException {

    public CaptionException(String message) {
        super(message);
    }
}
