package caption.api;

import caption.model.ModelFile;
import caption.model.ModelRegistry;
import caption.search.SearchSettings;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.Map;
import java.util.ResourceBundle;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The search options of every command that captions ({@code caption}, {@code caption eval}, the
 * Spark job), mixed in with {@code @Mixin}. Each flag's values, range and meaning come from
 * {@link SearchOption}, which the HTTP API reads too; the help states the own defaults of the
 * model that {@code --model} names. An option left out keeps the model's own value.
 */
public final class SearchOptions {

    private static final String HELP_KEY = "search-option.";

    private final Map<SearchOption, Object> given = new EnumMap<>(SearchOption.class);
    private CommandSpec command;

    @Spec(Spec.Target.MIXEE)
    void command(CommandSpec spec) {
        this.command = spec;
        spec.resourceBundle(new Help(spec));
    }

    @Option(names = "--beam", paramLabel = "N", descriptionKey = HELP_KEY + "beam")
    void beam(String value) {
        set(SearchOption.BEAM, value);
    }

    @Option(names = "--max-length", paramLabel = "N", descriptionKey = HELP_KEY + "max_length")
    void maxLength(String value) {
        set(SearchOption.MAX_LENGTH, value);
    }

    @Option(names = "--min-length", paramLabel = "N", descriptionKey = HELP_KEY + "min_length")
    void minLength(String value) {
        set(SearchOption.MIN_LENGTH, value);
    }

    @Option(names = "--block-trigrams", negatable = true, descriptionKey = HELP_KEY + "block_trigrams")
    void blockTrigrams(boolean on) {
        given.put(SearchOption.BLOCK_TRIGRAMS, on);
    }

    @Option(names = "--length-alpha", paramLabel = "A", descriptionKey = HELP_KEY + "length_alpha")
    void lengthAlpha(String value) {
        set(SearchOption.LENGTH_ALPHA, value);
    }

    @Option(names = "--method", paramLabel = "beam|greedy|sample", descriptionKey = HELP_KEY + "method")
    void method(String value) {
        set(SearchOption.METHOD, value);
    }

    @Option(names = "--temperature", paramLabel = "T", descriptionKey = HELP_KEY + "temperature")
    void temperature(String value) {
        set(SearchOption.TEMPERATURE, value);
    }

    private void set(SearchOption option, String value) {
        if (value == null) { // picocli resetting the option before a parse
            given.remove(option);
            return;
        }
        try {
            given.put(option, option.parse(value));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '" + option.flag() + "': "
                    + e.getMessage());
        }
    }

    /** {@code options} with the values given set on it. */
    public CaptionOptions.Builder applyTo(CaptionOptions.Builder options) {
        given.forEach((option, value) -> option.apply(options, value));
        return options;
    }

    /** The options built with the values given; values that contradict each other are bad usage. */
    public CaptionOptions build(CaptionOptions.Builder options) {
        try {
            return applyTo(options).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /** The search asked of a model whose own search is {@code model}; a contradiction is bad usage. */
    public SearchSettings search(SearchSettings model) {
        try {
            return build(CaptionOptions.builder()).search(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /**
     * The options' help texts, read only when help is shown: each meaning and range from
     * {@link SearchOption} and the default of the model {@code --model} names, from its model.json.
     */
    private static final class Help extends ResourceBundle {

        private final CommandSpec command;
        private String model;
        private SearchSettings search;

        Help(CommandSpec command) {
            this.command = command;
        }

        @Override
        protected Object handleGetObject(String key) {
            return Arrays.stream(SearchOption.values()).filter(o -> key.equals(HELP_KEY + o.field())).findFirst()
                    .map(this::text).orElse(null);
        }

        @Override
        public Enumeration<String> getKeys() {
            return Collections.enumeration(Arrays.stream(SearchOption.values()).filter(o -> o.flag() != null)
                    .map(o -> HELP_KEY + o.field()).toList());
        }

        private String text(SearchOption option) {
            boolean numeric = option.kind() == SearchOption.Kind.WHOLE || option.kind() == SearchOption.Kind.NUMBER;
            SearchSettings own = modelSearch();
            return option.description() + " (" + (numeric ? option.range() + "; " : "") + "default: the model's own"
                    + (own == null ? "" : ", " + option.modelDefault(own) + " for " + model) + ").";
        }

        /** The search of the model --model names now, or null when it cannot be read (a path yet to exist). */
        private SearchSettings modelSearch() {
            OptionSpec option = command.findOption("--model");
            Object value = option == null ? null : option.getValue() != null ? option.getValue() : option.defaultValue();
            if (value == null) {
                return null;
            }
            if (!value.toString().equals(model)) {
                model = value.toString();
                try {
                    search = ModelFile.search(ModelRegistry.resolve(model));
                } catch (java.io.IOException | RuntimeException e) {
                    search = null; // the help still says the default is the model's own
                }
            }
            return search;
        }
    }
}
