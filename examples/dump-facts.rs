//! Prints the facts eventlint extracts from one Go file (a debugging aid).
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump-facts FILE.go")?;
    let src = std::fs::read(&path)?;
    let ex = eventlint::extract::go::GoExtractor::new()?;
    let mut parser = ex.parser()?;
    let (facts, sup) = ex.extract(&mut parser, &src);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{facts:#?}\n{sup:?}")?;
    Ok(())
}
