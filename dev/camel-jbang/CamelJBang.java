// The entry point of Camel JBang's "camel" command (what the JBang catalog alias runs), started here
// by dev/camel with java's single-file source launcher and a classpath from Maven Central.
public class CamelJBang {
    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
