//! File sizes the way each language writes them ("1,5 Mo", "1.5 MB").

use super::Locale;

/// A byte count rounded for reading, with one decimal from the megabyte up.
pub fn file_size(locale: Locale, bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = KIB * 1024;
    const GIB: u64 = MIB * 1024;
    let units = locale.pick(["o", "Ko", "Mo", "Go"], ["B", "KB", "MB", "GB"]);
    let (value, unit) = match bytes {
        b if b < KIB => return format!("{b} {}", units[0]),
        // Kilobytes are rounded up, so a 10-byte-over file never reads "0 KB".
        b if b < MIB => return format!("{} {}", b.div_ceil(KIB), units[1]),
        b if b < GIB => (b as f64 / MIB as f64, units[2]),
        b => (b as f64 / GIB as f64, units[3]),
    };
    let number = format!("{value:.1}");
    let number = match locale {
        Locale::Fr => number.replace('.', ","),
        Locale::En => number,
    };
    format!("{number} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_both_languages() {
        let cases = [
            (0, "0 o", "0 B"),
            (512, "512 o", "512 B"),
            (1024, "1 Ko", "1 KB"),
            (1025, "2 Ko", "2 KB"),
            (300 * 1024, "300 Ko", "300 KB"),
            (1_572_864, "1,5 Mo", "1.5 MB"),
            (50 * 1024 * 1024, "50,0 Mo", "50.0 MB"),
            (3 * 1024 * 1024 * 1024, "3,0 Go", "3.0 GB"),
        ];
        for (bytes, fr, en) in cases {
            assert_eq!(file_size(Locale::Fr, bytes), fr, "{bytes}");
            assert_eq!(file_size(Locale::En, bytes), en, "{bytes}");
        }
    }
}
