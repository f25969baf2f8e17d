package caption.serve;

/** A request the server refuses: the HTTP status and a one-line reason, answered as {@code {"error": ...}}. */
final class ApiError extends RuntimeException {

    final int status;
    /** Seconds for a Retry-After header, or 0. */
    final int retryAfter;

    ApiError(int status, String message) {
        this(status, message, 0);
    }

    ApiError(int status, String message, int retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }
}
