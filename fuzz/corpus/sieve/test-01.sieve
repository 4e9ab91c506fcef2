require ["fileinto", "vacation"];
if header :contains "subject" "x" { redirect "a@b.test"; fileinto "X"; }
if allof (header :contains "subject" "y", envelope :is "from" "z") { fileinto "Y"; }
if anyof (header :contains "subject" "w", hasflag "\\Seen") { discard; }
else { fileinto "Z"; }
if false { stop; }
fileinto "Tout";
