use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, bail};
use evident_domain::accounts::Role;

use super::server::DataArgs;

#[derive(Debug, clap::Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Create a user with a role; on an empty install, also create the first state.
    CreateUser(CreateUserArgs),
    /// Add a new issuer signing key. Old keys stay in the DID document, so credentials
    /// signed with them still verify; restart the servers to sign with the new key.
    RotateIssuerKey(RotateKeyArgs),
}

#[derive(Debug, clap::Args)]
pub struct RotateKeyArgs {
    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub keys: super::server::KeyArgs,
}

#[derive(Debug, clap::Args)]
pub struct CreateUserArgs {
    /// E-mail address the user signs in with.
    #[arg(long)]
    pub email: String,

    /// Name shown on pages.
    #[arg(long)]
    pub name: String,

    /// Role: educator, assessor, issuer_admin or platform_admin.
    #[arg(long, default_value = "platform_admin")]
    pub role: String,

    /// Id of the organization the role applies to (and everything below it).
    #[arg(long, value_name = "ID", conflicts_with = "new_state")]
    pub org: Option<String>,

    /// Create a new state organization with this name and grant the role there.
    #[arg(long, value_name = "NAME")]
    pub new_state: Option<String>,

    /// Read the password from the first line of standard input instead of the
    /// EVIDENT_NEW_USER_PASSWORD environment variable.
    #[arg(long)]
    pub password_stdin: bool,

    #[command(flatten)]
    pub data: DataArgs,
}

pub async fn run(args: AdminArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        AdminCommand::CreateUser(args) => create_user(args).await,
        AdminCommand::RotateIssuerKey(args) => rotate_issuer_key(&args),
    }
}

fn rotate_issuer_key(args: &RotateKeyArgs) -> anyhow::Result<ExitCode> {
    if std::env::var_os(super::server::ISSUER_KEY_ENV).is_some() {
        bail!(
            "the keys come from {}: rotate them where that value is kept, not here",
            super::server::ISSUER_KEY_ENV
        );
    }
    let mut keys = args.keys.load(&args.data.data_dir)?;
    let new_id = keys.rotate()?;
    if let Some(path) = &args.keys.issuer_key_file {
        keys.save_to(path)
            .with_context(|| format!("could not save the keys to {}", path.display()))?;
    }
    let old: Vec<&str> = keys
        .keys()
        .iter()
        .map(|key| key.id())
        .filter(|id| *id != new_id)
        .collect();
    println!(
        "New signing key {new_id} added. Kept for verification: {}. Restart every server to sign with {new_id}.",
        old.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

async fn create_user(args: CreateUserArgs) -> anyhow::Result<ExitCode> {
    let role: Role = args
        .role
        .parse()
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    evident_web::auth::check_new_user(&args.email, &args.name)?;
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("could not read the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        std::env::var("EVIDENT_NEW_USER_PASSWORD").map_err(|_| {
            anyhow::anyhow!(
                "no password given: set EVIDENT_NEW_USER_PASSWORD or pass --password-stdin"
            )
        })?
    };
    let hash = evident_web::auth::hash_password(&password)?;

    let store = args.data.open_store().await?;
    let org = match (&args.org, &args.new_state) {
        (Some(id), None) => store.organization(id).await?,
        (None, Some(name)) => store.create_organization(None, "state", name).await?,
        _ => {
            let organizations = store.organizations().await?;
            if organizations.is_empty() {
                bail!("the install has no organization yet: pass --new-state NAME to create one");
            }
            bail!(
                "choose the organization with --org ID (one of: {})",
                organizations
                    .iter()
                    .map(|org| format!("{} = {}", org.id, org.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    };
    let user = store
        .create_user(&args.email, &args.name, &hash, Some(&org.id))
        .await?;
    store.grant_role(&user.id, role.code(), &org.id).await?;
    store
        .record_audit(
            None,
            "user_created",
            "user",
            &user.id,
            &format!("by the command line, role {} in {}", role.code(), org.id),
        )
        .await?;
    println!(
        "created {} ({}) with role {} in {} ({})",
        user.email,
        user.id,
        role.code(),
        org.name,
        org.id
    );
    Ok(ExitCode::SUCCESS)
}
