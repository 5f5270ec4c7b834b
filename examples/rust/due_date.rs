//! When is a permanent-residence registration (1.004222, 7 working days)
//! received on Monday 28 April 2025 due? (30/4 and 1/5 are public holidays,
//! 2/5 a swapped day off.)
//! Run: cargo run -p tthc --example due_date
use tthc::engine::Case;
use tthc::Engine;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::embedded()?;
    let case = Case::from_json(
        r#"{"procedure": "cu-tru.dang-ky-thuong-tru",
            "channel": "in-person", "submitted_at": "2025-04-28T09:00:00+07:00"}"#,
    )?;
    let deadline = engine.deadline(&case)?;
    println!("due at {}", deadline.due.due_at);
    Ok(())
}
