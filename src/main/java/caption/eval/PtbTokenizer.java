package caption.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The caption-domain subset of Stanford CoreNLP 3.4.1's {@code PTBTokenizer -preserveLines -lowerCase},
 * which the COCO caption toolkit runs on every caption. Written here because CoreNLP is GPL; the
 * tests compare it with CoreNLP itself. Works on one line: whitespace-separated chunks are split
 * into leading punctuation, a core word (with contractions split off) and trailing punctuation.
 */
public final class PtbTokenizer {

    /** Periods that stay on these words (CoreNLP's abbreviation lists), compared in lower case. */
    private static final Set<String> ABBREVIATIONS = Stream.of(
            "mr", "mrs", "ms", "miss", "dr", "drs", "prof", "profs", "sen", "sens", "rep", "reps", "atty",
            "attys", "lt", "col", "gen", "messrs", "gov", "govs", "adm", "rev", "maj", "sgt", "cpl", "pvt",
            "capt", "st", "ste", "ave", "pres", "lieut", "hon", "brig", "cmdr", "comdr", "pfc", "spc", "supt",
            "supts", "det", "mm", "mme", "mmes", "mlle", "mlles", "jr", "sr", "bros", "blvd", "rd", "esq",
            "inc", "co", "cos", "corp", "ltd", "plc", "bancorp", "dept", "bhd", "assn", "univ", "intl", "sys",
            "tel", "est", "ext", "sq", "etc", "al", "seq", "vs", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
            "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "calif", "mass",
            "conn", "fla", "ill", "mich", "pa", "va", "ariz", "tenn", "mo", "md", "wis", "minn", "ind", "okla",
            "wash", "kan", "ore", "ga", "colo", "ky", "del", "ala", "la", "nev", "neb", "ark", "miss", "vt",
            "wyo", "tex").collect(Collectors.toUnmodifiableSet());
    /** Abbreviations that keep their period only before a number ("no. 3", "ca. 1900"). */
    private static final Set<String> NUMBER_ABBREVIATIONS = Set.of(
            "ca", "fig", "figs", "prop", "no", "nos", "art", "bldg", "pp", "op");
    /** Words CoreNLP splits in two although they have no apostrophe. */
    private static final Map<String, String[]> SPLIT_WORDS = Map.of(
            "cannot", new String[] {"can", "not"}, "gonna", new String[] {"gon", "na"},
            "gotta", new String[] {"got", "ta"}, "wanna", new String[] {"wan", "na"},
            "lemme", new String[] {"lem", "me"}, "gimme", new String[] {"gim", "me"},
            "'tis", new String[] {"'t", "is"}, "'twas", new String[] {"'t", "was"},
            "y'all", new String[] {"y'", "all"});
    private static final Set<String> LEADING_APOSTROPHE_WORDS = Set.of("'n'", "'em", "'cause", "'til", "'till");
    private static final Pattern ACRONYM = Pattern.compile("\\p{L}{1,2}(\\.\\p{L}{1,2})+");
    private static final Pattern DECADE = Pattern.compile("'\\d0s");
    private static final Pattern CONTRACTION = Pattern.compile("(?i)(.+?)(n't|'s|'re|'ve|'ll|'d|'m)");
    private static final Pattern UPPER_AMPERSAND = Pattern.compile("\\p{Lu}+&\\p{Lu}+");

    /** Lower-cased PTB tokens of one line, punctuation included (as {@code `` '' -lrb-} ...). */
    public List<String> tokenize(String line) {
        String[] chunks = normalise(line).trim().split("\\s+");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < chunks.length; i++) {
            if (!chunks[i].isEmpty()) {
                boolean last = i == chunks.length - 1;
                chunk(chunks[i], last, !last && Character.isDigit(chunks[i + 1].charAt(0)), tokens);
            }
        }
        tokens.replaceAll(t -> t.toLowerCase(Locale.ROOT));
        return tokens;
    }

    /** Unicode quotes and dashes as CoreNLP's PTB escaping writes them. */
    private static String normalise(String line) {
        return line.replace('\u2019', '\'').replace('\u2018', '`').replace("\u201c", " `` ").replace("\u201d", " '' ")
                .replace("\u2014", " -- ").replace("\u2013", " -- ").replace("\u2026", " ... ")
                .replace('\u00a0', ' ');
    }

    private void chunk(String text, boolean lineEnd, boolean beforeNumber, List<String> out) {
        String word = text;
        List<String> lead = new ArrayList<>();
        Deque<String> trail = new ArrayDeque<>();
        boolean changed = true;
        while (changed && !word.isEmpty()) {
            changed = false;
            String leading = leadingPunctuation(word);
            if (leading != null) {
                lead.add(token(leading, true));
                word = word.substring(leading.length());
                changed = true;
                continue;
            }
            String trailing = trailingPunctuation(word, beforeNumber);
            if (trailing != null) {
                trail.addFirst(token(trailing, false));
                word = word.substring(0, word.length() - trailing.length());
                changed = true;
            }
        }
        out.addAll(lead);
        if (!word.isEmpty()) {
            word(word, out);
            if (lineEnd && trail.isEmpty() && word.endsWith(".") && word.length() > 2) {
                out.add(".");
            }
        }
        out.addAll(trail);
    }

    private static String leadingPunctuation(String w) {
        if (w.startsWith("``") || w.startsWith("--") || w.startsWith("...")) {
            return w.substring(0, w.startsWith("...") ? 3 : 2);
        }
        char c = w.charAt(0);
        if ("\"([{$#`".indexOf(c) >= 0) {
            return String.valueOf(c);
        }
        if (c == '-' && w.length() > 1 && Character.isLetter(w.charAt(1))) {
            return "-";
        }
        if (c == '\'' && !startsApostropheWord(w)) {
            return "'";
        }
        return null;
    }

    private static boolean startsApostropheWord(String w) {
        String lower = w.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']+$", "");
        return LEADING_APOSTROPHE_WORDS.contains(lower) || SPLIT_WORDS.containsKey(lower)
                || DECADE.matcher(lower).matches() || lower.matches("'(s|re|ve|ll|d|m)") || lower.startsWith("'s-");
    }

    private static String trailingPunctuation(String w, boolean beforeNumber) {
        if (w.endsWith("''") || w.endsWith("--") || w.endsWith("...")) {
            return w.substring(w.length() - (w.endsWith("...") ? 3 : 2));
        }
        int n = w.length();
        char c = w.charAt(n - 1);
        if (c == '?' || c == '!') {
            int from = n - 1;
            while (from > 0 && (w.charAt(from - 1) == '?' || w.charAt(from - 1) == '!')) {
                from--;
            }
            return w.substring(from);
        }
        if ("\")]},;:%".indexOf(c) >= 0) {
            return String.valueOf(c);
        }
        if (c == '-' && n > 1 && Character.isLetter(w.charAt(n - 2))) {
            return "-";
        }
        if (c == '\'' && n > 1 && !w.equalsIgnoreCase("y'") && !LEADING_APOSTROPHE_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
            return "'";
        }
        if (c == '.' && n > 1 && !keepsPeriod(w.substring(0, n - 1), beforeNumber)) {
            return ".";
        }
        return null;
    }

    private static boolean keepsPeriod(String stem, boolean beforeNumber) {
        String lower = stem.toLowerCase(Locale.ROOT);
        return (stem.length() == 1 && Character.isLetter(stem.charAt(0))) || ABBREVIATIONS.contains(lower)
                || (beforeNumber && NUMBER_ABBREVIATIONS.contains(lower))
                || ACRONYM.matcher(stem).matches();
    }

    /** PTB's names for brackets and quotes. */
    private static String token(String punctuation, boolean opening) {
        return switch (punctuation) {
            case "(" -> "-LRB-";
            case ")" -> "-RRB-";
            case "[" -> "-LSB-";
            case "]" -> "-RSB-";
            case "{" -> "-LCB-";
            case "}" -> "-RCB-";
            case "\"" -> opening ? "``" : "''";
            case "'" -> opening ? "`" : "'";
            default -> punctuation;
        };
    }

    /** A core word: fixed splits, internal brackets and ampersands, then contractions. */
    private void word(String w, List<String> out) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (SPLIT_WORDS.containsKey(lower)) {
            out.addAll(List.of(SPLIT_WORDS.get(lower)));
            return;
        }
        int bracket = indexOfAny(w, "()[]{}");
        if (bracket > 0) {
            word(w.substring(0, bracket), out);
            out.add(token(String.valueOf(w.charAt(bracket)), true));
            if (bracket + 1 < w.length()) {
                word(w.substring(bracket + 1), out);
            }
            return;
        }
        int equals = w.indexOf('=');
        if (equals >= 0 && w.length() > 1) {
            splitAround(w, equals, out);
            return;
        }
        int quote = digitQuote(w);
        if (quote > 0) {
            splitAround(w, quote, out);
            return;
        }
        int amp = w.indexOf('&');
        if (amp > 0 && amp < w.length() - 1 && !UPPER_AMPERSAND.matcher(w).matches()) {
            splitAround(w, amp, out);
            return;
        }
        contractions(w, out);
    }

    private static void contractions(String w, List<String> out) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (lower.startsWith("'s-") && w.length() > 3) {
            // "ant 's-eye-view": the clitic, then the hyphen, then the rest
            out.addAll(List.of(w.substring(0, 2), "-", w.substring(3)));
            return;
        }
        int n = lower.indexOf("'n'");
        if (n > 0) {
            out.add(w.substring(0, n));
            out.add(w.substring(n, n + 3));
            if (n + 3 < w.length()) {
                out.add(w.substring(n + 3));
            }
            return;
        }
        var m = CONTRACTION.matcher(w);
        if (m.matches() && !DECADE.matcher(lower).matches()) {
            String stem = m.group(1);
            if (m.group(2).equalsIgnoreCase("n't") && (stem.isEmpty() || stem.endsWith("'"))) {
                out.add(w);
                return;
            }
            out.add(stem);
            out.add(m.group(2));
            return;
        }
        out.add(w);
    }

    /** The word around one character that is a token of its own. */
    private void splitAround(String w, int at, List<String> out) {
        if (at > 0) {
            word(w.substring(0, at), out);
        }
        out.add(String.valueOf(w.charAt(at)));
        if (at + 1 < w.length()) {
            word(w.substring(at + 1), out);
        }
    }

    /** An apostrophe between digits (5'2) is a token of its own. */
    private static int digitQuote(String w) {
        for (int i = 1; i + 1 < w.length(); i++) {
            if (w.charAt(i) == '\'' && Character.isDigit(w.charAt(i - 1)) && Character.isDigit(w.charAt(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfAny(String w, String chars) {
        for (int i = 0; i < w.length(); i++) {
            if (chars.indexOf(w.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
