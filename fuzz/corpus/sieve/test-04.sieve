# Facteur rules, exported as a Sieve script (RFC 5228).
require ["fileinto"];

# rule "Notes à moi-même" "notes-to-self"
if address :is "from" ["demo@example.test", "demo.perso@laposte.test"] {
    fileinto "Personnel";
    # Facteur: alert "Note à moi-même : {subject}"
    stop;
}

# rule "Pro" "professional"
if anyof (address :matches "from" "*@acme-industrie.test", address :matches ["to", "cc", "bcc"] "*@acme-industrie.test") {
    fileinto "Professionnel";
}
