package io.cadencia.catalogue;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CloudFormationYamlTest {

    private static Map<String, Object> read(String yaml) {
        return CloudFormationYaml.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shortFormIntrinsicsBecomeTheirLongForm() {
        Map<String, Object> doc = read("""
                a: !Ref Table
                b: !GetAtt Queue.Arn
                c: !Sub arn:${AWS::Partition}:x
                """);
        assertThat(doc).containsEntry("a", Map.of("Ref", "Table"))
                .containsEntry("b", Map.of("Fn::GetAtt", List.of("Queue", "Arn")))
                .containsEntry("c", Map.of("Fn::Sub", "arn:${AWS::Partition}:x"));
    }

    @Test
    void intrinsicsNestInSequencesAndMappings() {
        Map<String, Object> doc = read("""
                HasEmail: !Not [!Equals [!Ref AlarmEmail, '']]
                Pick: !If
                  - HasEmail
                  - { Ref: AlarmEmail }
                  - !Ref AWS::NoValue
                Joined: !Sub
                  - ${A}-${B}
                  - { A: !Ref First, B: !GetAtt Second.Name }
                """);
        assertThat(doc.get("HasEmail")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "AlarmEmail"), "")))));
        assertThat(doc.get("Pick")).isEqualTo(Map.of("Fn::If", List.of("HasEmail", Map.of("Ref", "AlarmEmail"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(doc.get("Joined")).isEqualTo(Map.of("Fn::Sub", List.of("${A}-${B}",
                Map.of("A", Map.of("Ref", "First"), "B", Map.of("Fn::GetAtt", List.of("Second", "Name"))))));
    }

    @Test
    void substituteReplacesEachVariableAsTheCallerResolvesIt() {
        assertThat(CloudFormationYaml.substitute("arn:${AWS::Partition}:sqs:${Queue.Arn}/x$y", name -> "<" + name + ">"))
                .isEqualTo("arn:<AWS::Partition>:sqs:<Queue.Arn>/x$y");
        assertThat(CloudFormationYaml.substitute("a/${B}", name -> "$1\\")).as("a replacement is taken literally").isEqualTo("a/$1\\");
    }
}
