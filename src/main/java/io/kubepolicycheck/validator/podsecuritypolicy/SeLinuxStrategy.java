package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.Arrays;
import java.util.List;

/** {@code spec.seLinux} (PSP) or {@code seLinuxContext} (SCC): {@code MustRunAs} with options, or {@code RunAsAny}. */
public sealed interface SeLinuxStrategy {
    /** The options to default unset ones to, or null. */
    SeLinuxOptions generate();

    /** {@code parentPath} is what errors put {@code .seLinuxOptions} under (PSP: the securityContext; SCC: the container). */
    void validate(String parentPath, Value<SeLinuxOptions> actual, String check, List<FieldError> out);

    String rule();

    /** Every part of the options must equal the policy's; levels compare with categories in any order. */
    record MustRunAs(SeLinuxOptions options) implements SeLinuxStrategy {
        @Override
        public SeLinuxOptions generate() {
            return options;
        }

        @Override
        public void validate(String parentPath, Value<SeLinuxOptions> actual, String check, List<FieldError> out) {
            SeLinuxOptions got = actual.value();
            if (got == null) {
                out.add(FieldError.required(parentPath + ".seLinuxOptions", "", actual.node(), check));
                return;
            }
            var node = actual.node();
            if (!equalLevels(options.level(), got.level())) {
                out.add(FieldError.invalid(parentPath + ".seLinuxOptions.level", GoValues.quote(got.level()), "must be " + options.level(),
                        node.get("level").isMissing() ? node : node.get("level"), check));
            }
            if (!got.role().equals(options.role())) {
                out.add(FieldError.invalid(parentPath + ".seLinuxOptions.role", GoValues.quote(got.role()), "must be " + options.role(),
                        node.get("role").isMissing() ? node : node.get("role"), check));
            }
            if (!got.type().equals(options.type())) {
                out.add(FieldError.invalid(parentPath + ".seLinuxOptions.type", GoValues.quote(got.type()), "must be " + options.type(),
                        node.get("type").isMissing() ? node : node.get("type"), check));
            }
            if (!got.user().equals(options.user())) {
                out.add(FieldError.invalid(parentPath + ".seLinuxOptions.user", GoValues.quote(got.user()), "must be " + options.user(),
                        node.get("user").isMissing() ? node : node.get("user"), check));
            }
        }

        @Override
        public String rule() {
            return "MustRunAs";
        }

        /** {@code s0:c1,c2} equals {@code s0:c2,c1}: same sensitivity, same set of categories. */
        static boolean equalLevels(String expected, String actual) {
            if (expected.equals(actual)) {
                return true;
            }
            String[] e = expected.split(":", 2);
            String[] a = actual.split(":", 2);
            if (e.length != 2 || a.length != 2 || !e[0].equals(a[0])) {
                return false;
            }
            String[] ec = e[1].split(",", -1);
            String[] ac = a[1].split(",", -1);
            Arrays.sort(ec);
            Arrays.sort(ac);
            return Arrays.equals(ec, ac);
        }
    }

    record RunAsAny() implements SeLinuxStrategy {
        @Override
        public SeLinuxOptions generate() {
            return null;
        }

        @Override
        public void validate(String parentPath, Value<SeLinuxOptions> actual, String check, List<FieldError> out) {
            // any options are allowed
        }

        @Override
        public String rule() {
            return "RunAsAny";
        }
    }
}
