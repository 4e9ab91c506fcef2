if header :contains "subject" "" { fileinto "A"; }
if header :regex "subject" "(" { fileinto "B"; }