package caption.data.shapes;

import java.util.Optional;

/**
 * Spatial relation words. {@code A relation B} is judged on d = centre(B) - centre(A), y downwards.
 * The generator uses the strict rule (a factor of 1.5 between the axes), the checker the weak one.
 */
public enum Relation {
    LEFT_OF("to the left of"),
    RIGHT_OF("to the right of"),
    ABOVE("above"),
    BELOW("below");

    /** Factor the generator requires between the dominant and the other axis. */
    public static final double GENERATOR_FACTOR = 1.5;

    private final String phrase;

    Relation(String phrase) {
        this.phrase = phrase;
    }

    public String phrase() {
        return phrase;
    }

    /** The relation A has to B under the generator's rule, if any. */
    public static Optional<Relation> strict(SceneObject a, SceneObject b) {
        double dx = b.cx() - a.cx();
        double dy = b.cy() - a.cy();
        double k = GENERATOR_FACTOR;
        if (dx >= k * Math.abs(dy)) {
            return Optional.of(LEFT_OF);
        }
        if (-dx >= k * Math.abs(dy)) {
            return Optional.of(RIGHT_OF);
        }
        if (dy >= k * Math.abs(dx)) {
            return Optional.of(ABOVE);
        }
        if (-dy >= k * Math.abs(dx)) {
            return Optional.of(BELOW);
        }
        return Optional.empty();
    }

    /** Whether "A this B" holds under the checker's weaker rule. */
    public boolean holdsWeakly(SceneObject a, SceneObject b) {
        double dx = b.cx() - a.cx();
        double dy = b.cy() - a.cy();
        return switch (this) {
            case LEFT_OF -> dx > Math.abs(dy);
            case RIGHT_OF -> -dx > Math.abs(dy);
            case ABOVE -> dy > Math.abs(dx);
            case BELOW -> -dy > Math.abs(dx);
        };
    }
}
