use std::io::Write;

use evident_web::demo::{DEMO_USERS, DemoReport, seed, seed_microcredentials};

use super::server::ServeArgs;

/// DigCompEdu, the European Framework for the Digital Competence of Educators, as a
/// CASE 1.1 package; licence and sources in `demo/LICENSE.digcompedu.md`.
const DIGCOMPEDU: &[u8] = include_bytes!("../../demo/digcompedu.case.json");

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let store = args.data.open_store().await?;
    let report = seed(&store, &[DIGCOMPEDU]).await?;
    let earning = seed_microcredentials(&store, &args.data.file_store()).await?;
    let (listener, state) = super::server::prepare(&args, store).await?;
    let mut credentials = Vec::new();
    for user in DEMO_USERS {
        if let Some((account, _)) = state.store.user_credentials(user.email).await? {
            for credential in state.store.credentials_of_educator(&account.id).await? {
                credentials.push((
                    evident_web::issuance::credential_page_url(&state, &credential.id),
                    account.display_name.clone(),
                ));
            }
        }
    }
    // The banner is best effort: a closed standard output must not stop the server.
    let _ = print_banner(&args, &report, &earning.published, &credentials);
    evident_web::serve(listener, state).await?;
    Ok(())
}

fn print_banner(
    args: &ServeArgs,
    report: &DemoReport,
    microcredentials: &[String],
    credentials: &[(String, String)],
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(out, "Evident demo at {}", args.public_url())?;
    for framework in &report.frameworks {
        writeln!(
            out,
            "  framework: {} ({} items, CASE {})",
            framework.title, framework.item_count, framework.case_version
        )?;
    }
    for title in microcredentials {
        writeln!(out, "  micro-credential: {title}")?;
    }
    for (url, earner) in credentials {
        writeln!(out, "  earned credential of {earner}: {url}")?;
    }
    writeln!(out, "  sign in as any of these demo users:")?;
    for user in DEMO_USERS {
        writeln!(
            out,
            "    {:<14} {:<30} password {:<20} ({})",
            user.role.label(),
            user.email,
            user.password,
            user.organization
        )?;
    }
    writeln!(out, "  data directory: {}", args.data.data_dir.display())?;
    writeln!(out, "  press Ctrl-C to stop")?;
    writeln!(out)?;
    out.flush()
}
