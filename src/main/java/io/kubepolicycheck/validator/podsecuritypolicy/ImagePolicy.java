package io.kubepolicycheck.validator.podsecuritypolicy;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * Kube Cover's {@code images}: {@code denied} and {@code permitted} regular expressions (Go's: RE2 syntax, matched
 * in linear time) found anywhere in a container's image. A denied match refuses the image; otherwise, when any
 * expression is given, the image must match a permitted one. (Kube Cover tried them in no fixed order; denied
 * first is the strict reading.)
 */
public record ImagePolicy(List<Pattern> permitted, List<Pattern> denied) {
    public ImagePolicy {
        permitted = List.copyOf(permitted);
        denied = List.copyOf(denied);
    }

    public void validate(EffectiveContainer c, List<FieldError> out) {
        String image = c.image();
        String path = c.path() + ".image";
        if (denied.stream().anyMatch(p -> p.matcher(image).find())) {
            out.add(FieldError.invalid(path, GoValues.quote(image), "image: " + image + " explicitly denied by policy",
                    c.node().get("image"), "images"));
        } else if (!(permitted.isEmpty() && denied.isEmpty()) && permitted.stream().noneMatch(p -> p.matcher(image).find())) {
            out.add(FieldError.invalid(path, GoValues.quote(image), "image: " + image + " denied by policy",
                    c.node().get("image"), "images"));
        }
    }
}
