require ["fileinto", "imap4flags", "copy"];
# Factures
if address :domain :is "from" "banque.test" {
    addflag ["\\Seen", "$Banque"];
    fileinto "Banque";
    stop;
}
if anyof (header :contains "Subject" ["promo", "soldes"], size :over 2M) {
    fileinto :copy "Promos";
}
if header :matches "list-id" "*annonces*" { keep; fileinto "Listes"; }
