//! The command line, defined in one place. Doc comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use smartspec_core::{ActivityScheme, DuplicatePolicy, MeasureKind, NutsVersion, RegionScheme};
use std::path::PathBuf;

/// smartspec: find regions' niche strengths and next ones, on real Eurostat data.
///
/// Without --dataset or --input every command runs on the embedded data:
/// Eurostat SBS persons employed by NUTS-2 region (NUTS 2013) and NACE
/// division, 2008-2015, with its context indicators. Every command uses the
/// dataset's default year (2014 on the embedded data) unless --year is given.
/// Conventions shared by all commands are in docs/conventions.md.
#[derive(Debug, Parser)]
#[command(name = "smartspec", version, propagate_version = true, after_help = EXAMPLES)]
pub struct Cli {
    /// Log more (-v info, -vv debug, -vvv trace), to stderr.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  smartspec region ITC1                      profile of Piemonte on the embedded data
  smartspec region PL91                      a NUTS 2016 code, mapped to PL12 with a note
  smartspec opportunities ITC1 --svg o.svg   Piemonte's next niches, explained, with a chart
  smartspec indicators --out out/            every indicator, every year, as tidy tables
  smartspec backtest                         do relatedness and complexity predict entries?
  smartspec innovation ITC1                  innovation capacity, index and RIS group
  smartspec skills ITC1                      skills supply against what the sector mix asks
  smartspec partners ITC1 --theme big-data   who to partner with in a theme, and why
  smartspec partnership propose --theme big-data
                                             a 5-region partnership from 3+ Member States
  smartspec data info                        what the embedded data hold
  smartspec dataset build my-ds --panel p.csv --context c.csv
                                             your own data, for every command (--dataset my-ds)
  smartspec data validate my_panel.csv       check a file; problems as FILE:LINE:COLUMN
  smartspec data convert in.tsv.gz out.parquet --select indic_sb=V16110
  smartspec serve --db api.db                the HTTP API (docs/api.md)";

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect, validate and convert panel files.
    #[command(subcommand)]
    Data(DataCommand),
    /// Build a dataset of your own for every command (`dataset build DIR`).
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// A first profile of one region: parents, employment by section, top
    /// divisions, location quotients.
    #[command(
        after_help = "Examples:\n  smartspec region ITC1\n  smartspec region DE21 --year 2012 --format json\n  smartspec region UKI3 --top 5"
    )]
    Region(RegionArgs),
    /// Compute every indicator (RCA, diversity, ubiquity, proximity, density,
    /// ECI/PCI, fitness, COI/COG, specialisation and concentration indices)
    /// for every year, one tidy table per indicator in DIR.
    #[command(after_help = INDICATORS_HELP)]
    Indicators(IndicatorsArgs),
    /// A region's realistic next niches: the activities it does not yet
    /// specialise in, placed by feasibility (the entry model's probability,
    /// or relatedness density) and complexity (value), ranked and explained.
    #[command(
        after_help = "Columns: region,name,country,score,rank, then the activity, its quadrant (feasibility x
complexity, cut at the candidates' medians), density, complexity, entry_probability,
feasibility_z, value_z, cog, rca, rca_gap (distance to the threshold), level (the region's
value: persons employed on the embedded data), explained_by (the region's specialisations
that make it related) and score_rule.
Score: (feasibility_z + value_z) / 2, the z-scores among the region's candidates of the entry
model's log-odds (feasibility; the density where no model can be fitted) and of the
complexity (value, only when it passes its validity test; otherwise feasibility_z alone).
Candidates the entry model gives under 1 % rank after the others. docs/opportunities.md.

Examples:
  smartspec opportunities ITC1
  smartspec opportunities ITC1 --top 15 --svg itc1.svg
  smartspec opportunities DE21 --year 2012 --complexity fitness --format csv"
    )]
    Opportunities(OpportunitiesArgs),
    /// Does relatedness predict real entries? Fit on earlier years, test on
    /// later ones: ROC-AUC, PR-AUC and precision@k with bootstrap intervals,
    /// boosted trees and a logistic model against the RCA baseline.
    #[command(
        after_help = "Entry: RCA below the threshold in year t, at or above it in t+H. Pairs at risk: RCA
defined and below the threshold at t and defined at t+H, cells not apportioned from a split
region (flag S; --include-apportioned keeps them); regions with data in every year of the
window. Test origin: the last t whose outcome is in the window; training origins: those
whose outcome year is not after it; the trees' depth and size are chosen on the origin
before the test origin (validation), and each country's pairs are scored by trees fitted
on the other countries. Default window: the panel's years up to the last year with data
for at least 70 % of regions (2008-2014 on the embedded data: 2015 covers 167). A window
of N years allows a horizon H with N >= 2H + 2 (2H + 4 with --persistence).

Examples:
  smartspec backtest
  smartspec backtest --horizon 1 --format json
  smartspec backtest --years 2008..2014 --horizon 1 --persistence --predictions pairs.csv
  smartspec backtest --exits --bootstrap 200"
    )]
    Backtest(BacktestArgs),
    /// Structurally similar regions to learn from (after the S3 Platform's
    /// Regional Benchmarking tool): weighted distance on standardised
    /// structural variables plus the dissimilarity of the employment structure.
    #[command(
        after_help = "Variables (embedded data): ln population, GDP per head (PPS), manufacturing share,
the share of each NACE section in employment (as one block), and the cosine similarity of the
division shares (weight --cosine-weight). --context files add their indicators as variables.
Distance = sqrt(sum_k w_k (z_ak - z_bk)^2 / sum_k w_k) + w_c (1 - cosine); lower is closer.

Examples:
  smartspec peers AT11
  smartspec peers ITC1 --top 5 --other-countries
  smartspec peers DE21 --same-country --format csv"
    )]
    Peers(PeersArgs),
    /// Industrial-transition screening: every NUTS-2 region scored on a
    /// transparent, configurable composite of criteria.
    #[command(
        after_help = "Score = 100 x (weight of the criteria met) / (weight of the criteria with data); a region
is scored when criteria carrying at least two thirds of the weight have data (the missing ones
are listed, never zeros). Rank 1 = most in transition; equal scores are ordered by the
intensity (weighted distance beyond the thresholds in EU standard deviations).
Default criteria: config/transition.toml (print it with --print-default), explained in
docs/transition.md. Fallbacks for the manufacturing share: SBS C / sections in the year, the
nearest year within +-2, then the LFS industry (B-E) share, labelled as a proxy.

Examples:
  smartspec transition
  smartspec transition --top 20
  smartspec transition --year 2012 --format csv --out screening.csv
  smartspec transition --print-default > my.toml; smartspec transition --criteria my.toml
  smartspec transition --list-measures"
    )]
    Transition(TransitionArgs),
    /// One HTML page a region's team starts from: screening position against
    /// the EU and national distributions, structure and specialisations,
    /// peers, diversification opportunities and a skills signal.
    #[command(
        after_help = "The page is self-contained (inline SVG charts, no scripts or web fonts) and reads offline.

Examples:
  smartspec diagnose ITC1
  smartspec diagnose FR41 --out lorraine.html
  smartspec diagnose UKD3 --year 2012 --criteria my.toml"
    )]
    Diagnose(DiagnoseArgs),
    /// Innovation capacity: R&D, human capital, patents, high-tech and
    /// knowledge-intensive employment, a composite index with rank ranges,
    /// Regional Innovation Scoreboard groups and the science-business balance.
    #[command(after_help = INNOVATION_HELP)]
    Innovation(InnovationArgs),
    /// Skills alignment: the education of the workforce against what the
    /// sector mix asks for (a regression across EU regions), with the gap,
    /// its trend and an explanation in words.
    #[command(after_help = SKILLS_HELP)]
    Skills(SkillsArgs),
    /// Time the whole indicator pipeline (read once, compute N times).
    #[command(
        after_help = "Reports read_s, compute_s (median of the repeats), the time of each stage
(rca_s, mcp_s, diversity_ubiquity_s, proximity_s, density_s, eci_pci_s, fitness_s,
coi_cog_s; summed over years, median over repeats) and peak_rss_mib.

Examples:
  smartspec bench
  smartspec bench --synthetic 1000,5000,1 --repeat 3 --format json
  smartspec bench --input panel.parquet --regions free"
    )]
    Bench(BenchArgs),
    /// List the themes (value chains of stages) or validate theme files.
    #[command(after_help = THEMES_HELP)]
    Themes(ThemesArgs),
    /// Rank a region's partners in a theme: who is strong where you are weak,
    /// who shares your strengths, whose portfolio is related to yours.
    #[command(after_help = PARTNERS_HELP)]
    Partners(PartnersArgs),
    /// Propose whole partnerships in a theme.
    #[command(subcommand)]
    Partnership(PartnershipCommand),
    /// Map the regions' strength in a theme (SVG).
    #[command(
        after_help = "Value: the theme strength of each NUTS-2 region (the mean of its stage strengths,
see docs/partnerships.md), in five quantile classes. Projection ETRS89-LAEA, mainland Europe;
the outermost regions are listed, not drawn.

Examples:
  smartspec theme-map --theme bioeconomy --svg bio.svg
  smartspec theme-map --theme big-data --year 2012 --svg bd.svg"
    )]
    ThemeMap(ThemeMapArgs),
    /// Serve the HTTP API (records, workflow, analytics) on the embedded data
    /// and a database, created and migrated on first start.
    #[command(
        after_help = "Prints `listening on http://ADDR` once it accepts connections. API: docs/api.md,
and the OpenAPI document at /openapi.json.

Examples:
  smartspec serve
  smartspec serve --db /var/lib/smartspec.db --addr 127.0.0.1:9000
  smartspec serve --addr 127.0.0.1:0          any free port (printed)
  smartspec serve --rate-limit 0              no rate limit (behind a proxy that limits)

Limits (docs/api.md): --header-timeout 10 s, --max-connections 1024 (+2 slots for /health),
--rate-limit 100 requests/s per address and per token, request timeout 30 s, bodies 256 KiB
of application/json, reply cache 64 MiB."
    )]
    Serve(ServeArgs),
    /// Manage the API's users.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Declared S3 priorities: import them, check them against the data.
    #[command(subcommand)]
    Priorities(PrioritiesCommand),
}

/// `serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Seconds a connection may take to send a request's headers before it
    /// is closed (slow or half-open clients).
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    pub header_timeout: std::time::Duration,
    /// Connections served at once; beyond them a reserved slot still answers
    /// /health and the rest are closed.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Requests per second per client address and per bearer token (429 with
    /// Retry-After beyond); 0: no limit.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub rate_limit: u32,
}

/// A positive number of seconds, at most an hour.
fn seconds(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 3600.0 => Ok(std::time::Duration::from_secs_f64(x)),
        _ => Err(format!("{s:?} is not a number of seconds in (0, 3600]")),
    }
}

/// The database.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// The SQLite database file (created and migrated if needed).
    #[arg(long, value_name = "FILE", default_value = "smartspec.db")]
    pub db: PathBuf,
}

/// `smartspec users ...`
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user and print its API token (shown once: only its SHA-256 is kept).
    #[command(
        after_help = "Roles: admin, region-editor (the records of its --region codes), expert (the
applications assigned to it), viewer (reads). Permissions: docs/api.md.

Examples:
  smartspec users add alice --role admin
  smartspec users add bruno --role region-editor --region ITC1 --region ITC4
  smartspec users add eva --role expert --expires 90d
  smartspec users add audit-bot --role viewer --expires 2027-06-30

User names: 1-64 characters, NFC, no control, format or separator characters
(they would make the audit log say what is not written)."
    )]
    Add(UsersAddArgs),
    /// List the users: role, regions, when added, disabled, token expiry.
    #[command(
        after_help = "Examples:\n  smartspec users list\n  smartspec users list --format json"
    )]
    List(UsersListArgs),
    /// Disable a user: its tokens stop working, its records and audit entries stay.
    #[command(after_help = "Examples:\n  smartspec users disable bruno")]
    Disable(UserNameArgs),
    /// Remove a user nothing refers to; a user named by audit entries or
    /// expert teams is disabled instead (the output says which).
    #[command(after_help = "Examples:\n  smartspec users remove test-user")]
    Remove(UserNameArgs),
    /// Revoke a user's tokens and print a new one (shown once).
    #[command(
        name = "rotate-token",
        after_help = "Examples:\n  smartspec users rotate-token bruno\n  smartspec users rotate-token bruno --expires 30d"
    )]
    RotateToken(UserTokenArgs),
}

/// `users list`
#[derive(Debug, Args)]
pub struct UsersListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `users disable NAME`, `users remove NAME`
#[derive(Debug, Args)]
pub struct UserNameArgs {
    /// The user's name.
    pub name: String,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `users rotate-token NAME`
#[derive(Debug, Args)]
pub struct UserTokenArgs {
    /// The user's name.
    pub name: String,
    /// When the new token expires: days (`90d`) or a date (`YYYY-MM-DD`, its
    /// end, UTC). Default: never.
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `users add`
#[derive(Debug, Args)]
pub struct UsersAddArgs {
    /// Unique user name.
    pub name: String,
    /// admin, region-editor, expert or viewer.
    #[arg(long)]
    pub role: String,
    /// A region the user edits (region editors; repeatable).
    #[arg(long = "region", value_name = "CODE")]
    pub regions: Vec<String>,
    /// When the token expires: days (`90d`) or a date (`YYYY-MM-DD`, its
    /// end, UTC). Default: never.
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `smartspec priorities ...`
#[derive(Debug, Subcommand)]
pub enum PrioritiesCommand {
    /// Import priorities from CSV or JSON; every row is checked first and
    /// nothing is imported when one is invalid (problems as FILE:LINE).
    #[command(
        after_help = "CSV header: region,title,description,economic_domains,scientific_domains,
policy_objective,themes,source,date,published (lists separated by ';'; only region and title
are required). JSON: an array of objects with the same fields (lists as arrays).
data/examples/priorities_illustrative.csv is an illustrative file, not real declarations.

Examples:
  smartspec priorities import data/examples/priorities_illustrative.csv
  smartspec priorities import priorities.json --db api.db"
    )]
    Import(PrioritiesImportArgs),
    /// The evidence check: for each priority of REGION, the RCA, employment,
    /// RCA trend, relatedness density and complexity of its activities, and
    /// a verdict (established strength / emerging and related / weakly supported).
    #[command(
        after_help = "Verdict (thresholds in docs/api.md): established strength when activities with
RCA >= 1 hold at least half of the priority's employment; else emerging and related when its
other activities average at least the median density percentile of the region and their RCA
rises (mean change per year > 0 over five years); else weakly supported.

Examples:
  smartspec priorities check ITC1
  smartspec priorities check ITC1 --format json"
    )]
    Check(PrioritiesCheckArgs),
}

/// `priorities import`
#[derive(Debug, Args)]
pub struct PrioritiesImportArgs {
    /// A .csv or .json file.
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `priorities check`
#[derive(Debug, Args)]
pub struct PrioritiesCheckArgs {
    /// NUTS code of the region (as stored with its priorities).
    pub region: String,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

const THEMES_HELP: &str =
    "A theme is a TOML file: id, name, description, sources, and [[stages]] tables
with id, name, activities (NACE divisions such as \"C10\", or \"lfs:A\" for the LFS share of
section A), why and sources (docs/partnerships.md). Seed themes: big-data, bioeconomy,
resource-efficiency, connected-mobility, advanced-manufacturing. User themes are read from
~/.config/smartspec/themes (or $XDG_CONFIG_HOME/smartspec/themes) and each --themes DIR; a
user theme with a seed theme's id replaces it.

Examples:
  smartspec themes
  smartspec themes --themes my_themes/
  smartspec themes --validate my_themes/hydrogen.toml";

const PARTNERS_HELP: &str = "Stage strength = 1/2 RCA/(1+RCA) + 1/2 employment percentile (0-1).
shared = mean over stages of min(str_you, str_partner); complementarity = mean of
max(0, str_partner - str_you); relatedness = mean proximity between the two regions'
specialisations (RCA >= 1). score = (wc*complementarity + ws*shared + wr*relatedness) /
(wc + ws + wr), default wc 0.6, ws 0.2, wr 0.2. Raising --shared-weight towards
--complementarity-weight favours partners that overlap your strengths over those that complete
your chain.

Examples:
  smartspec partners ITC1 --theme advanced-manufacturing
  smartspec partners NL41 --theme big-data --top 20 --format json
  smartspec partners DK03 --theme bioeconomy --shared-weight 0.6 --complementarity-weight 0.2";

/// `partnership ...`
#[derive(Debug, Subcommand)]
pub enum PartnershipCommand {
    /// Choose K regions maximising value-chain coverage and strength, with
    /// regions of at least 3 EU28 Member States.
    #[command(
        after_help = "Objective: f = 1/2 coverage + 1/2 mean strength, coverage = mean over stages of
the best member's stage strength. K <= 5: exact branch and bound; K > 5: greedy, within
(1 - 1/e) of the optimum. The leads are included. --all proposes disjoint partnerships one
after another on the regions left (--top caps how many per theme).

Examples:
  smartspec partnership propose --theme bioeconomy
  smartspec partnership propose --theme big-data --lead NL41 FI1B --size 6
  smartspec partnership propose --all --top 3 --format csv"
    )]
    Propose(ProposeArgs),
}

/// Where user themes are read from.
#[derive(Debug, Clone, Args)]
pub struct ThemeDirArgs {
    /// A directory of theme files (*.toml) added to the seed themes
    /// (repeatable); a theme with a seed theme's id replaces it.
    #[arg(long, value_name = "DIR")]
    pub themes: Vec<PathBuf>,
}

/// `themes`
#[derive(Debug, Args)]
pub struct ThemesArgs {
    /// Check theme files and print every problem as FILE:LINE: message (exit 1 if any).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub validate: Vec<PathBuf>,
    #[command(flatten)]
    pub dirs: ThemeDirArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Weights of the partner score.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Score weights")]
pub struct WeightArgs {
    /// Weight of complementarity (the partner strong where you are weak).
    #[arg(long, default_value_t = 0.6)]
    pub complementarity_weight: f64,
    /// Weight of shared strength (both strong in the same stages).
    #[arg(long, default_value_t = 0.2)]
    pub shared_weight: f64,
    /// Weight of portfolio relatedness.
    #[arg(long, default_value_t = 0.2)]
    pub relatedness_weight: f64,
}

/// `partners`
#[derive(Debug, Args)]
pub struct PartnersArgs {
    /// NUTS code of the region (a code of another NUTS version is mapped).
    pub region: String,
    /// Theme id (see `smartspec themes`).
    #[arg(long)]
    pub theme: String,
    /// How many partners (any number up to all regions).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub weights: WeightArgs,
    #[command(flatten)]
    pub dirs: ThemeDirArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `partnership propose`
#[derive(Debug, Args)]
pub struct ProposeArgs {
    /// Theme id (every theme with --all when omitted).
    #[arg(long, required_unless_present = "all")]
    pub theme: Option<String>,
    /// Lead regions, included in the (first) partnership.
    #[arg(long = "lead", value_name = "REGION", num_args = 1..)]
    pub leads: Vec<String>,
    /// Regions per partnership.
    #[arg(long, default_value_t = 5)]
    pub size: usize,
    /// Distinct EU28 Member States required.
    #[arg(long, default_value_t = 3)]
    pub min_countries: usize,
    /// Disjoint partnerships across Europe, one after another on the regions left.
    #[arg(long)]
    pub all: bool,
    /// With --all: at most this many partnerships per theme.
    #[arg(long)]
    pub top: Option<usize>,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    /// Store each proposal as a `proposed` partnership record with its
    /// members, in one transaction each, in the database of --db.
    #[arg(long)]
    pub save: bool,
    /// The database --save writes to (created and migrated if needed).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "smartspec.db",
        requires = "save"
    )]
    pub db: PathBuf,
    #[command(flatten)]
    pub dirs: ThemeDirArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `theme-map`
#[derive(Debug, Args)]
pub struct ThemeMapArgs {
    /// Theme id.
    #[arg(long)]
    pub theme: String,
    /// The SVG file to write.
    #[arg(long, value_name = "FILE")]
    pub svg: PathBuf,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub dirs: ThemeDirArgs,
    #[command(flatten)]
    pub data: DataArgs,
}

/// `transition`
#[derive(Debug, Args)]
pub struct TransitionArgs {
    /// Screening year (default: the data's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    /// Criteria file (TOML); default: the shipped config/transition.toml.
    #[arg(long, value_name = "FILE")]
    pub criteria: Option<PathBuf>,
    /// Only the N top-ranked regions (default: every region, unscored ones last).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// In table format, also print every criterion's value, years, threshold and source.
    #[arg(long)]
    pub full: bool,
    /// List the measures a criterion can read, and exit.
    #[arg(long)]
    pub list_measures: bool,
    /// Print the shipped default criteria file, and exit.
    #[arg(long)]
    pub print_default: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

const INNOVATION_HELP: &str =
    "Indicators (docs/innovation-skills.md): R&D expenditure by sector (rd_e_gerdreg),
R&D personnel (rd_p_persreg), HRST (hrst_st_rcat), tertiary attainment (edat_lfse_04),
lifelong learning (trng_lfse_04), EPO patents (tgs00040), high-tech and knowledge-intensive
employment (htec_emp_reg2); each the latest value within three years of --year.
Index: 7 indicators, winsorised at 5/95 %, min-max, equal weights, arithmetic mean; a region
needs 5 of 7. Rank range: 5-95 % of ranks over --draws Monte Carlo draws (normalisation,
winsorisation, weights). Groups (% of the EU score): leader > 120, strong 90-120,
moderate 50-<90, modest < 50.
CSV columns: region,name,country,score,rank,group, then the rest.

Examples:
  smartspec innovation                       every EU region, ranked
  smartspec innovation ITC1                  Piemonte's profile
  smartspec innovation DE11 --svg de11.svg   with a chart against the EU and Germany
  smartspec innovation --year 2012 --format csv";

const SKILLS_HELP: &str =
    "Demand: per year, bounded least squares (coefficients in [0,1], no intercept) of the
tertiary share of employment 25-64 (lfst_r_lfe2eedu) on the A*10 sector shares of employment
25-64 (lfst_r_lfe2en2, no-response dropped, shares re-normalised), across EU28 NUTS-2 regions;
intervals from --draws bootstrap draws over regions. Gap = actual - expected tertiary share
(points): surplus above +3, deficit below -3.
With REGION, its top --opportunities N diversification opportunities are judged by their A*10
sector's intensity against the region's tertiary share of the active population.
CSV (all regions): region,name,country,score,rank (score = gap, rank 1 = largest surplus).

Examples:
  smartspec skills ITC1
  smartspec skills                           every EU region, by gap
  smartspec skills PL21 --year 2012 --format json";

/// `innovation`
#[derive(Debug, Args)]
pub struct InnovationArgs {
    /// NUTS code of a region (any NUTS version); all EU regions when omitted.
    pub region: Option<String>,
    /// Year (default: the dataset's default year, 2014 on the embedded data;
    /// each value is the latest within three years before it).
    #[arg(long)]
    pub year: Option<i32>,
    /// How many regions of the ranking to show (default: all).
    #[arg(long)]
    pub top: Option<usize>,
    /// Monte Carlo draws of the uncertainty analysis.
    #[arg(long, default_value_t = 1000)]
    pub draws: usize,
    /// Seed of the Monte Carlo.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Write a chart of the region against the EU and its country (needs REGION).
    #[arg(long, value_name = "FILE", requires = "region")]
    pub svg: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `diagnose`
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// NUTS code of the region (codes of other NUTS versions are mapped).
    pub region: String,
    /// Year (default: the data's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    /// The HTML file to write (default: REGION-diagnostic.html).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Screening criteria (TOML); default: the shipped config/transition.toml.
    #[arg(long, value_name = "FILE")]
    pub criteria: Option<PathBuf>,
    /// How many diversification opportunities to show.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// html (the page, to --out) or json (every figure the page prints, to
    /// standard output or --out).
    #[arg(long, value_enum, default_value = "html")]
    pub format: DiagnoseFormat,
    #[command(flatten)]
    pub data: DataArgs,
}

/// `diagnose --format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnoseFormat {
    /// The one-page HTML report.
    Html,
    /// Every figure of the page as JSON.
    Json,
}

/// `skills`
#[derive(Debug, Args)]
pub struct SkillsArgs {
    /// NUTS code of a region (any NUTS version); all EU regions when omitted.
    pub region: Option<String>,
    /// Year (default: the dataset's default year, 2014 on the embedded data;
    /// the LFS year used is the latest within three years before it).
    #[arg(long)]
    pub year: Option<i32>,
    /// How many regions of the ranking to show (default: all).
    #[arg(long)]
    pub top: Option<usize>,
    /// Bootstrap draws of the regression.
    #[arg(long, default_value_t = 1000)]
    pub draws: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// With REGION: judge its top N diversification opportunities against its
    /// skills supply (0: none).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub opportunities: usize,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `bench`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A panel file (default: the embedded panel).
    #[arg(long, value_name = "FILE", conflicts_with = "synthetic")]
    pub input: Option<PathBuf>,
    /// A seeded synthetic nested panel REGIONS,ACTIVITIES,YEARS (25 % positive cells).
    #[arg(long, value_name = "R,A,Y")]
    pub synthetic: Option<String>,
    /// Seed of the synthetic panel.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Also write the panel benchmarked as long CSV region,activity,year,value
    /// (missing cells left out), so that other tools can run on the same input.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Number of timed runs of the pipeline.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Also compute the structure indices (specialisation, concentration,
    /// RCA on population), which `indicators` writes but the peers' pipeline
    /// does not have; by default only the complexity pipeline is timed.
    #[arg(long)]
    pub structure_indices: bool,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
    #[command(flatten)]
    pub conventions: ConventionArgs,
    #[command(flatten)]
    pub read: ReadArgs,
}

const INDICATORS_HELP: &str = "Tables written to DIR (csv or parquet), plus meta.json:
  rca, density, cog                    region,activity,year,value
  rpop (with a population)             region,activity,year,value
  diversity, eci, fitness, coi         region,year,value
  ubiquity, pci, fc_complexity         activity,year,value
  proximity                            activity_a,activity_b,year,value (a < b)
  specialisation                       region,year,index,value
      index: krugman, spec_coeff, herfindahl, entropy, lq_avg, hachman,
             density_int_avg, density_ext_avg (EconGeo coherence, flexibility),
             related_variety, unrelated_variety (NACE divisions only)
  concentration                        activity,year,index,value
      index: gini, locational_gini, hoover, hoover_gini (with a population)

Presets (each option below overrides its preset value):
  (none)       smartspec's default: the growthlab set with the ECI oriented by income
               (Spearman with GDP per head > 0); validity printed and in meta.json
  growthlab    py-ecomplexity / Atlas: proximity diagonal 1, density 0-1, eigenvector
               ECI signed by diversity, PCI on ECI's scale, COG by source, COI z-scored
  econcomplex  proximity diagonal 0, density 0-100, PCI z-scored on its own, COG by target
  datawheel    proximity diagonal 0, density 0-1, method of reflections (18/19 steps)
  econgeo      proximity diagonal 0, density 0-100, EconGeo KCI/TCI (matrices rounded to
               4 decimals, sum-normalised; up to 3,000 regions and activities)

Examples:
  smartspec indicators --out out/
  smartspec indicators --year 2014 --out out/ --format parquet
  smartspec indicators --input trade.csv --regions free --preset econcomplex --out out/";

/// Which convention set to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// py-ecomplexity / Atlas.
    Growthlab,
    /// econcomplex.
    Econcomplex,
    /// economic-complexity (Datawheel).
    Datawheel,
    /// EconGeo 1.3 (KCI/TCI).
    Econgeo,
}

/// Table file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// CSV.
    Csv,
    /// Parquet (ZSTD).
    Parquet,
}

/// `indicators`
#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// One year (default: every year).
    #[arg(long, conflicts_with = "years")]
    pub year: Option<i32>,
    /// A range of years, FIRST..LAST.
    #[arg(long, value_parser = parse_years)]
    pub years: Option<smartspec_core::YearRange>,
    /// Directory for the tables (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Table format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TableFormat,
    #[command(flatten)]
    pub conventions: ConventionArgs,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Indicator conventions (see docs/indicators.md).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Conventions")]
pub struct ConventionArgs {
    /// Convention set to start from (default: smartspec's own, the growthlab
    /// set with the ECI oriented by income; a preset keeps its peer's sign rule).
    #[arg(long, value_enum)]
    pub preset: Option<PresetArg>,
    /// Sign rule of the eigenvector ECI: diversity (Pearson with diversity > 0,
    /// py-ecomplexity's rule) or income (Spearman with GDP per head > 0).
    /// Default: income without --preset when the dataset has GDP per head,
    /// else diversity; the preset's own rule with --preset.
    #[arg(long, value_parser = ["diversity", "income"])]
    pub eci_sign: Option<String>,
    /// Binary RCA threshold: M = 1 when RCA >= threshold.
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Proximity diagonal: 0 (density excludes the activity itself) or 1 (includes it).
    #[arg(long, value_parser = ["0", "1"])]
    pub proximity_diagonal: Option<String>,
    /// Density scale: 1 (0-1) or 100 (0-100).
    #[arg(long, value_parser = ["1", "100"])]
    pub density_scale: Option<String>,
    /// ECI/PCI method.
    #[arg(long, value_parser = ["eigenvector", "reflections", "econgeo"])]
    pub eci_method: Option<String>,
    /// Method of reflections: ECI from step N, PCI from step N+1.
    #[arg(long, default_value_t = 18)]
    pub reflection_steps: usize,
    /// PCI scale of the eigenvector method: eci (Growth Lab) or own (econcomplex).
    #[arg(long, value_parser = ["eci", "own"])]
    pub pci_scale: Option<String>,
    /// Fitness-complexity iterations: a number, or auto (until relative change < 1e-10, at most 1000).
    #[arg(long, default_value = "auto")]
    pub fitness_iterations: String,
    /// COG link normaliser: source (Atlas) or target (econcomplex).
    #[arg(long, value_parser = ["source", "target"])]
    pub cog: Option<String>,
    /// Missing (confidential) cells: exclude (RCA missing, not specialised) or zero.
    #[arg(long, default_value = "exclude")]
    pub missing: String,
    /// Relatedness between activities: proximity (Hidalgo et al. 2007, the
    /// minimum conditional probability) or one of EconGeo's normalisations of
    /// co-occurrence: probability, association, cosine, jaccard.
    #[arg(long, value_parser = ["proximity", "probability", "association", "cosine", "jaccard"], default_value = "proximity")]
    pub relatedness: String,
}

/// `smartspec data ...`
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Regions per NUTS level and version, activities, years, missing shares,
    /// flags. Without FILE: the embedded data.
    #[command(
        after_help = "Examples:\n  smartspec data info\n  smartspec data info --all\n  smartspec data info my_panel.csv --format json"
    )]
    Info(InfoArgs),
    /// Check a panel file: exit 0 if valid, else exit 1 and print every problem
    /// as FILE:LINE:COLUMN: message.
    #[command(
        after_help = "Examples:\n  smartspec data validate panel.csv\n  smartspec data validate sbs.tsv.gz --select indic_sb=V16110 --regions nuts2013"
    )]
    Validate(ValidateArgs),
    /// Convert a panel between CSV, Eurostat TSV (input only) and Parquet.
    #[command(
        after_help = "Examples:\n  smartspec data convert sbs_r_nuts06_r2.tsv.gz sbs.parquet --select indic_sb=V16110\n  smartspec data convert panel.csv panel.parquet\n  smartspec data convert panel.parquet panel.csv --recode-to nuts2021"
    )]
    Convert(ConvertArgs),
}

/// Which data a command analyses (shared by every analytic command and `serve`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Data")]
pub struct DataArgs {
    /// A dataset directory made by `smartspec dataset build` (default: the
    /// embedded Eurostat data).
    #[arg(long, value_name = "DIR", conflicts_with = "input")]
    pub dataset: Option<PathBuf>,
    /// A panel file instead of a dataset (long CSV, Eurostat TSV or
    /// Parquet), read with the flags under "Reading a panel".
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Context indicators, long form region,indicator,year,value[,flag]
    /// (smartspec's codes, data/README.md; rows of region EU28 are the EU
    /// values): with --input, the panel's context; otherwise searched before
    /// the dataset's own.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub context: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `dataset build`
#[derive(Debug, Args)]
pub struct DatasetBuildArgs {
    /// The dataset directory to write (refused when it exists, unless --force).
    pub dir: PathBuf,
    /// The region x activity panel (long CSV, Eurostat TSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub panel: PathBuf,
    /// Context indicators, long form region,indicator,year,value[,flag]
    /// (repeatable; smartspec's codes, data/README.md).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub context: Vec<PathBuf>,
    /// Region names, CSV region,name.
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// The dataset's name in outputs (default: the panel's file name).
    #[arg(long)]
    pub name: Option<String>,
    /// Replace an existing directory.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `smartspec dataset ...`
#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Build a dataset directory from your files: the panel, its context and
    /// names, validated (every problem as FILE:LINE:COLUMN), written with a
    /// dataset.toml manifest (files, SHA-256, sources, years, NUTS version,
    /// reference area, geometry). Every analytic command and `serve` read it
    /// with --dataset DIR.
    #[command(after_help = DATASET_HELP)]
    Build(DatasetBuildArgs),
}

const DATASET_HELP: &str = "What a dataset supports depends on what it holds:
  indicators, opportunities, backtest, region   any panel, free codes included
  peers                       any panel (activity structure only without context)
  partners, partnership, theme-map   activities coded as NACE divisions (--activities nace)
  transition, innovation, skills, diagnose   context indicators under smartspec's codes
                              (GDP_PPS_HAB, UNEMP_PC, GERD_PC_GDP:BES, ... data/README.md)
  maps                        NUTS 2013 or NUTS 2021 level-2 region codes
A command that lacks something says what and how to add it.

Examples:
  smartspec dataset build my-ds --panel sbs_r_nuts06_r2.tsv.gz --select indic_sb=V16110 --activities nace
  smartspec dataset build my-ds --panel panel.csv --context context.csv --names names.csv --force
  smartspec region ITC1 --dataset my-ds";

/// How to read a panel file (shared by every command that reads one).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Reading a panel")]
pub struct ReadArgs {
    /// Region classification: nuts2006 ... nuts2024, auto (the version that
    /// validates most codes) or free (any code).
    #[arg(long, default_value = "auto", value_parser = parse_scheme)]
    pub regions: RegionScheme,
    /// Activity classification: nace (NACE Rev. 2) or free.
    #[arg(long, default_value = "free", value_parser = parse_activities)]
    pub activities: ActivityScheme,
    /// count (negative values are errors; the default for RCA panels) or signed.
    #[arg(long, default_value = "count", value_parser = parse_measure)]
    pub measure: MeasureKind,
    /// Duplicate region-activity-year rows: error or sum.
    #[arg(long, default_value = "error", value_parser = parse_duplicate)]
    pub on_duplicate: DuplicatePolicy,
    /// Column names of a long file, e.g. region=geo,activity=nace_r2,year=time.
    #[arg(long, value_name = "ROLE=NAME,...")]
    pub columns: Option<String>,
    /// CSV field delimiter (one character; \t for tab).
    #[arg(long, default_value = ",")]
    pub delimiter: String,
    /// Eurostat TSV dimension selection, e.g. indic_sb=V16110 (repeatable).
    #[arg(long, value_name = "DIM=CODE")]
    pub select: Vec<String>,
    /// Recode region codes to this NUTS version after reading (JRC crosswalks,
    /// splits apportioned by population 2011).
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub recode_to: Option<NutsVersion>,
    /// Stop after this many problems.
    #[arg(long, default_value_t = 50)]
    pub max_problems: usize,
}

/// Output format of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// An aligned text table for reading.
    Table,
    /// CSV with full precision.
    Csv,
    /// JSON.
    Json,
}

/// Options every result-printing command shares.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `data info`
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// A panel file; the embedded data when omitted.
    pub file: Option<PathBuf>,
    /// List every embedded dataset and what the data build recoded or dropped.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `data validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The file to check (.csv, .csv.gz, .tsv, .tsv.gz, .parquet).
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `data convert`
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input file (.csv, .csv.gz, .tsv, .tsv.gz, .parquet).
    pub input: PathBuf,
    /// Output file (.csv or .parquet).
    pub output: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `region`
#[derive(Debug, Args)]
pub struct RegionArgs {
    /// NUTS code of the region (a code of another NUTS version is mapped).
    pub code: String,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    /// How many divisions to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_scheme(s: &str) -> Result<RegionScheme, String> {
    s.parse()
}
fn parse_activities(s: &str) -> Result<ActivityScheme, String> {
    s.parse()
}
fn parse_measure(s: &str) -> Result<MeasureKind, String> {
    s.parse()
}
fn parse_duplicate(s: &str) -> Result<DuplicatePolicy, String> {
    s.parse()
}
fn parse_years(s: &str) -> Result<smartspec_core::YearRange, String> {
    s.parse()
}
fn parse_version(s: &str) -> Result<NutsVersion, String> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_flags_parse_into_schemes() {
        let cli = Cli::try_parse_from([
            "smartspec",
            "data",
            "validate",
            "x.csv",
            "--regions",
            "nuts2016",
            "--activities",
            "nace",
            "--on-duplicate",
            "sum",
            "--select",
            "indic_sb=V16110",
            "--recode-to",
            "2013",
        ])
        .unwrap();
        let Command::Data(DataCommand::Validate(v)) = cli.command else {
            panic!("wrong command")
        };
        assert_eq!(v.read.regions, RegionScheme::Nuts(NutsVersion::V2016));
        assert_eq!(v.read.activities, ActivityScheme::Nace);
        assert_eq!(v.read.on_duplicate, DuplicatePolicy::Sum);
        assert_eq!(v.read.recode_to, Some(NutsVersion::V2013));
        assert_eq!(v.read.select, vec!["indic_sb=V16110".to_string()]);
    }

    #[test]
    fn bad_scheme_is_refused_with_the_valid_names() {
        let err = Cli::try_parse_from([
            "smartspec",
            "data",
            "validate",
            "x.csv",
            "--regions",
            "nuts2011",
        ])
        .unwrap_err();
        assert!(err.to_string().contains("nuts2013"), "{err}");
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

/// `opportunities`
#[derive(Debug, Args)]
pub struct OpportunitiesArgs {
    /// NUTS code of the region (a code of another NUTS version is mapped).
    pub region: String,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    /// How many candidates to list and label.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Complexity axis: pci or fitness (ln of fitness-complexity).
    #[arg(long, value_parser = ["pci", "fitness"], default_value = "pci")]
    pub complexity: String,
    /// Quadrant cuts FEASIBILITY,COMPLEXITY (default: the medians of the
    /// candidates); feasibility is an entry probability (0-1) when the entry
    /// model scores the candidates, else a relatedness density.
    #[arg(long, value_name = "D,C")]
    pub cuts: Option<String>,
    /// Write the relatedness x complexity scatter as SVG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    #[command(flatten)]
    pub conventions: ConventionArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `backtest`
#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Window of years, FIRST..LAST.
    #[arg(long, value_parser = parse_years)]
    pub years: Option<smartspec_core::YearRange>,
    /// Horizon H in years.
    #[arg(long, default_value_t = 2)]
    pub horizon: usize,
    /// Count an entry only if it still holds one year later.
    #[arg(long)]
    pub persistence: bool,
    /// Study exits (RCA falling below the threshold) instead of entries.
    #[arg(long)]
    pub exits: bool,
    /// k of precision@k.
    #[arg(long, default_value_t = 5)]
    pub k: usize,
    /// Bootstrap draws (regions resampled).
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap and of the random baseline.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Keep pairs whose cells were apportioned from a split region (flag S).
    #[arg(long)]
    pub include_apportioned: bool,
    /// Write every test pair to FILE (CSV): the models as probabilities
    /// (gbt_probability, logistic_probability), the baselines as scores.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    #[command(flatten)]
    pub conventions: ConventionArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `peers`
#[derive(Debug, Args)]
pub struct PeersArgs {
    /// NUTS code of the region.
    pub region: String,
    /// How many peers.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Only regions of the same country.
    #[arg(long, conflicts_with = "other_countries")]
    pub same_country: bool,
    /// Only regions of other countries.
    #[arg(long)]
    pub other_countries: bool,
    /// Year (default: the dataset's default year, 2014 on the embedded data).
    #[arg(long)]
    pub year: Option<i32>,
    /// Weight of the employment-structure dissimilarity (1 - cosine).
    #[arg(long, default_value_t = 1.0)]
    pub cosine_weight: f64,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}
