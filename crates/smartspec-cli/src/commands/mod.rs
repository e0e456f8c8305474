//! One module per command; each turns arguments into library calls and a
//! [`crate::output::Report`].

mod backtest;
mod bench;
mod convert;
mod data_info;
mod dataset;
mod diagnose;
mod indicators;
mod innovation;
mod opportunities;
mod partners;
mod partnership;
mod peers;
mod priorities;
mod region;
mod serve;
mod skills;
mod theme_map;
mod themes;
mod transition;
mod users;
mod validate;

use crate::args::{
    Cli, Command, DataCommand, DatasetCommand, PartnershipCommand, PrioritiesCommand, UsersCommand,
};
use anyhow::Result;
use std::process::ExitCode;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Data(DataCommand::Info(a)) => data_info::run(a),
        Command::Data(DataCommand::Validate(a)) => validate::run(a),
        Command::Data(DataCommand::Convert(a)) => convert::run(a),
        Command::Dataset(DatasetCommand::Build(a)) => dataset::build_cmd(a),
        Command::Region(a) => region::run(a),
        Command::Indicators(a) => indicators::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Peers(a) => peers::run(a),
        Command::Transition(a) => transition::run(a),
        Command::Diagnose(a) => diagnose::run(a),
        Command::Innovation(a) => innovation::run(a),
        Command::Skills(a) => skills::run(a),
        Command::Backtest(a) => backtest::run(a),
        Command::Opportunities(a) => opportunities::run(a),
        Command::Themes(a) => themes::run(a),
        Command::Partners(a) => partners::run(a),
        Command::Partnership(PartnershipCommand::Propose(a)) => partnership::run(a),
        Command::ThemeMap(a) => theme_map::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Users(UsersCommand::Add(a)) => users::add(a),
        Command::Users(UsersCommand::List(a)) => users::list(a),
        Command::Users(UsersCommand::Disable(a)) => users::disable(a),
        Command::Users(UsersCommand::Remove(a)) => users::remove(a),
        Command::Users(UsersCommand::RotateToken(a)) => users::rotate(a),
        Command::Priorities(PrioritiesCommand::Import(a)) => priorities::import(a),
        Command::Priorities(PrioritiesCommand::Check(a)) => priorities::check(a),
    }
}
