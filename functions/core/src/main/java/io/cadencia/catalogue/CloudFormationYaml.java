package io.cadencia.catalogue;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a CloudFormation/SAM template keeping its short-form tags: {@code !Ref X} becomes {@code {"Ref": X}} and
 * {@code !Sub ...} becomes {@code {"Fn::Sub": ...}}. Plain YAML readers silently drop those tags.
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    private static final java.util.regex.Pattern SUB_VARIABLE = java.util.regex.Pattern.compile("\\$\\{([^}]+)}");

    /**
     * {@code Fn::Sub}'s text with each {@code ${name}} replaced by {@code variable(name)}: a parameter or resource
     * ({@code ${Table}}), a pseudo parameter ({@code ${AWS::Region}}) or an attribute ({@code ${Table.Arn}}), as the
     * caller resolves them.
     */
    public static String substitute(String text, java.util.function.UnaryOperator<String> variable) {
        return SUB_VARIABLE.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(variable.apply(m.group(1))));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(InputStream in) {
        LoadSettings settings = LoadSettings.builder().setLabel("template.yaml").setCodePointLimit(16 * 1024 * 1024).build();
        Load load = new Load(settings, new TagAwareConstructor(settings));
        try (in) {
            return (Map<String, Object>) load.loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class TagAwareConstructor extends StandardConstructor {
        TagAwareConstructor(LoadSettings settings) {
            super(settings);
        }

        @Override
        protected java.util.Optional<ConstructNode> findConstructorFor(Node node) {
            String tag = node.getTag().getValue();
            if (tag.startsWith("!")) {
                return java.util.Optional.of(new IntrinsicConstruct(tag.substring(1)));
            }
            return super.findConstructorFor(node);
        }

        private final class IntrinsicConstruct implements ConstructNode {
            private final String function;

            IntrinsicConstruct(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                String key = function.equals("Ref") ? "Ref" : "Fn::" + function;
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = function.equals("GetAtt") ? java.util.List.of(scalar.getValue().split("\\.", 2)) : scalar.getValue();
                } else if (node instanceof SequenceNode sequence) {
                    // Element by element: constructing the tagged node itself again would be a recursive construction
                    // (snakeyaml refuses it) as soon as an intrinsic nests another, e.g. !Not [!Equals [...]].
                    value = sequence.getValue().stream().map(TagAwareConstructor.this::constructObject).toList();
                } else if (node instanceof MappingNode mapping) {
                    Map<Object, Object> entries = new java.util.LinkedHashMap<>();
                    mapping.getValue().forEach(t -> entries.put(constructObject(t.getKeyNode()), constructObject(t.getValueNode())));
                    value = entries;
                } else {
                    value = null;
                }
                return Map.of(key, value);
            }
        }
    }
}
