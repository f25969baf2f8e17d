package caption.video;

/** A live source that cannot be opened or that failed: the message is one line, {@code source: reason}. */
public final class LiveException extends Exception {

    public LiveException(LiveSource source, String reason) {
        super(source.describe() + ": " + reason);
    }
}
