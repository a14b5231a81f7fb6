"""Service descriptions in PMO wording, each with the function group a PMO consultant would give.

Written by hand on 2026-12-03 BEFORE audit/functions.py or audit/pmo_functions.toml existed,
from the kinds of entries found in real PMO service catalogues (names as people title
them, descriptions as people write them: abbreviations, "we", half sentences). The group
is the one a person would give under Hobbs and Aubry's five groups, their "other"
functions, and the administrative group:

    monitoring   monitoring and controlling project performance
    competencies development of PM competencies and methodologies
    multiproject multi-project management
    strategic    strategic management
    learning     organisational learning
    other        Hobbs and Aubry's "other" functions (specialised tasks for PMs, customer
                 interfaces, recruiting and evaluating PMs)
    admin        administrative work no PMO function covers

DEVELOPMENT was used to tune the signal words; HOLDOUT was written at the same sitting and
kept aside: its failures were never looked at while tuning (the test prints its accuracy
apart). Entries are (name, description, group).
"""

DEVELOPMENT: list[tuple[str, str, str]] = [
    # monitoring and controlling project performance
    ("Weekly highlight report", "We pull together the PMs' updates every Friday and send the "
     "consolidated pack to the directors.", "monitoring"),
    ("Monthly portfolio pack", "Prepared for ExCo each month: RAG, key milestones, top risks "
     "and spend against budget for every live project.", "monitoring"),
    ("Project health checks", "Track each project against baseline and chase a recovery plan "
     "when it turns amber or red.", "monitoring"),
    ("Power BI dashboard", "Live view of the portfolio's status, refreshed nightly from the "
     "project tool.", "monitoring"),
    ("Variance tracking", "Compare actuals to plan on cost and schedule and flag anything "
     "more than 10% off.", "monitoring"),
    ("Earned value reporting", "CPI and SPI for the major programmes, reported to the "
     "sponsor group.", "monitoring"),
    ("Quarterly board deck", "Slides for the quarterly investment board summarising "
     "delivery performance.", "monitoring"),
    ("PPM tool administration", "Keeping Clarity running: user set-up, fields, workflows "
     "and data loads.", "monitoring"),
    ("Escalations to the steering group", "When a project breaches tolerance we take it to "
     "the steering group with options.", "monitoring"),
    ("Financial forecasting", "Monthly reforecast of project costs with the finance business "
     "partners.", "monitoring"),
    ("Stage gate reviews", "Check the gate criteria are met before a project moves to the "
     "next stage and record the decision.", "monitoring"),
    ("Milestone tracker", "Spreadsheet of every key milestone across the portfolio, updated "
     "after the PM catch-ups.", "monitoring"),
    ("Exception reports", "Written when a project forecasts to exceed its tolerances.",
     "monitoring"),
    ("Change control", "Log and assess change requests and take them to the change board "
     "for approval.", "monitoring"),
    ("Status report compilation", "Collate status reports from all project managers for "
     "the weekly leadership meeting.", "monitoring"),
    ("Project data quality checks", "Make sure dates, RAG and forecasts in the PPM system "
     "are filled in and believable.", "monitoring"),
    # development of PM competencies and methodologies
    ("Delivery framework", "Own and update the company's project lifecycle, stages and "
     "mandatory artefacts.", "competencies"),
    ("Template library", "Keep the PID, business case, highlight report and closure "
     "templates current on SharePoint.", "competencies"),
    ("PM training programme", "Run the foundation and practitioner courses for new project "
     "managers.", "competencies"),
    ("Coaching for new PMs", "One-to-one sessions with project managers in their first six "
     "months.", "competencies"),
    ("PM community of practice", "Monthly get-together where project managers share tips "
     "and hear a guest speaker.", "competencies"),
    ("Maturity assessment", "Yearly P3M3 self-assessment and an improvement roadmap.",
     "competencies"),
    ("Methodology helpdesk", "Answer questions on how to apply the method and which "
     "documents a small project needs.", "competencies"),
    ("Agile ways of working", "Help teams adopt Scrum and Kanban and tailor the framework "
     "for hybrid delivery.", "competencies"),
    ("Certification support", "Funding and study groups for PRINCE2, MSP and APM exams.",
     "competencies"),
    ("Estimating guidelines", "Standard approach and checklists for estimating effort and "
     "cost.", "competencies"),
    ("Project management awareness", "Lunch and learns for the wider business on why good "
     "project management matters.", "competencies"),
    ("Tool training", "Show new starters how to use the scheduling and reporting tools.",
     "competencies"),
    # multi-project management
    ("Resource capacity planning", "Match demand for specialists across projects with who "
     "is available each quarter.", "multiproject"),
    ("Dependency management", "Map and track the dependencies between projects and chase "
     "owners when one slips.", "multiproject"),
    ("Portfolio prioritisation", "Score new proposals and rank them for the investment "
     "committee.", "multiproject"),
    ("Demand intake", "Single front door for new project requests; triage and first "
     "assessment.", "multiproject"),
    ("Programme management office", "Run the programme's governance, plans and cross-"
     "workstream coordination.", "multiproject"),
    ("Integrated portfolio roadmap", "One plan on a page of every project and its key "
     "dates so clashes show up.", "multiproject"),
    ("Resource allocation", "Decide which PM and analysts go on which project.",
     "multiproject"),
    ("Portfolio rebalancing", "Twice a year propose which projects to stop, pause or "
     "accelerate to stay within the envelope.", "multiproject"),
    ("Release calendar", "Coordinate go-live dates across projects to avoid clashing "
     "changes.", "multiproject"),
    ("Business case review", "Assess new business cases before they reach the investment "
     "committee.", "multiproject"),
    ("Cross-project risk view", "Aggregate risks that affect several projects and agree "
     "who manages them.", "multiproject"),
    ("Portfolio management", "Manage the whole change portfolio on behalf of the COO.",
     "multiproject"),
    # strategic management
    ("Benefits realisation tracking", "Follow up benefits after closure with the business "
     "owners and report what was achieved.", "strategic"),
    ("Strategy alignment", "Check that every project maps to a strategic objective and "
     "advise the executive where the gaps are.", "strategic"),
    ("Advice to the executive", "Trusted adviser to the leadership team on delivery "
     "matters and investment choices.", "strategic"),
    ("Business planning input", "Contribute to the annual business plan and the 3-year "
     "strategy refresh.", "strategic"),
    ("Benefits profiles", "Help SROs write benefits profiles and measures for their "
     "programmes.", "strategic"),
    ("Horizon scanning", "Keep an eye on industry practice and bring back ideas from peer "
     "PMOs.", "strategic"),
    ("Strategic roadmap", "Translate the corporate strategy into a sequenced plan of "
     "change initiatives.", "strategic"),
    # organisational learning
    ("Lessons learned log", "Capture lessons at every stage end and closure and share "
     "them with new projects.", "learning"),
    ("Post-implementation reviews", "Run a PIR three months after go-live with the "
     "sponsor and the team.", "learning"),
    ("Project audits", "Independent audit of a sample of projects each year against the "
     "framework.", "learning"),
    ("Document archive", "Store closed projects' documents and keep the records retention "
     "rules.", "learning"),
    ("RAID log administration", "Maintain the central risk, assumption, issue and "
     "dependency register.", "learning"),
    ("PMO performance survey", "Yearly survey of our customers on how well the PMO serves "
     "them, with KPIs.", "learning"),
    ("Project closure reviews", "Facilitate the closure meeting and write up what went "
     "well and what did not.", "learning"),
    ("Knowledge base", "Wiki of past projects, case studies and reusable material.",
     "learning"),
    ("Retrospectives", "Facilitate end-of-phase retros for the delivery teams.",
     "learning"),
    # other functions
    ("Scheduling service", "We build and maintain MS Project schedules on behalf of the "
     "project managers.", "other"),
    ("PM recruitment", "Interview and select contract and permanent project managers.",
     "other"),
    ("Client liaison", "Main point of contact for the external client on all projects.",
     "other"),
    ("Project support officers", "PSOs embedded in projects to do planning and "
     "document control for the PM.", "other"),
    ("PM performance reviews", "Input to project managers' annual appraisals and "
     "grading.", "other"),
    # administration
    ("Board minutes", "Take the minutes and actions at the portfolio board and send them "
     "round.", "admin"),
    ("Meeting room bookings", "Book rooms and catering for project workshops.", "admin"),
    ("Timesheet chasing", "Remind people every Monday to fill in their timesheets.",
     "admin"),
    ("Invoice processing", "Raise purchase orders and get supplier invoices paid.",
     "admin"),
    ("Away day organisation", "Organise the annual PMO conference and team events.",
     "admin"),
    ("Document formatting", "Make PMs' documents look right in the house style before "
     "they go out.", "admin"),
    ("Diary management", "Manage the portfolio director's calendar and set up meetings.",
     "admin"),
    ("Travel bookings", "Book trains and hotels for staff visiting the sites.", "admin"),
    ("Shared mailbox", "Monitor the PMO inbox and forward emails to the right person.",
     "admin"),
    ("Stationery and equipment", "Order laptops, headsets and office supplies for project "
     "staff.", "admin"),
    ("Steering committee secretariat", "Send out agendas and papers and keep the action "
     "log for the steerco.", "admin"),
    ("Onboarding admin", "Set up accounts, passes and access for contractors joining "
     "projects.", "admin"),
    ("Expense claims", "Check and submit the team's expense claims.", "admin"),
]

HOLDOUT: list[tuple[str, str, str]] = [
    ("Fortnightly status pack", "A roll-up of every project's progress, issues and next "
     "steps for the operations director.", "monitoring"),
    ("RAG reporting", "Ask PMs for their RAG each week and publish the summary.",
     "monitoring"),
    ("Cost tracking", "Record spend per project from the ledger and show where it is "
     "heading against budget.", "monitoring"),
    ("Schedule assurance", "Review project plans for realism and critical path and report "
     "slippage.", "monitoring"),
    ("Performance dashboard", "Tableau dashboard of KPIs for the delivery portfolio.",
     "monitoring"),
    ("Gateway reviews", "Independent review at each decision point before funding is "
     "released.", "monitoring"),
    ("Recovery support", "Step in when a project goes red and agree corrective actions "
     "with the PM.", "monitoring"),
    ("Project register upkeep", "Keep the list of live projects, their sponsors and "
     "managers current in the PPM tool.", "monitoring"),
    ("Standard project method", "Write and roll out the mandatory way we run projects, "
     "including tailoring rules.", "competencies"),
    ("Mentoring scheme", "Pair junior PMs with experienced mentors.", "competencies"),
    ("Project management academy", "Curriculum of courses and e-learning for project "
     "professionals.", "competencies"),
    ("Best practice guides", "Short guides and checklists on planning, risk and "
     "stakeholder management.", "competencies"),
    ("Capability framework", "Define PM skill levels and assess people against them.",
     "competencies"),
    ("Toolkit", "Set of optional tools and templates PMs can pick from.", "competencies"),
    ("Cross-project scheduling", "Sequence projects so they do not compete for the same "
     "teams at the same time.", "multiproject"),
    ("Investment committee support", "Prepare options and a recommended slate of projects "
     "for funding.", "multiproject"),
    ("Programme coordination", "Keep the workstreams of the transformation programme "
     "joined up.", "multiproject"),
    ("Capacity heatmap", "Show where teams are over-allocated across the portfolio next "
     "quarter.", "multiproject"),
    ("Project selection", "Apply the selection criteria to decide which ideas become "
     "projects.", "multiproject"),
    ("Interdependency workshop", "Quarterly session where projects agree hand-offs and "
     "shared dates.", "multiproject"),
    ("Benefits tracking", "Measure outcomes against the business case and report benefits "
     "realised.", "strategic"),
    ("Strategic planning support", "Help the executive turn strategic goals into the "
     "investment plan.", "strategic"),
    ("Executive advisory", "Brief the CEO on delivery trade-offs and recommend choices.",
     "strategic"),
    ("Market and peer scanning", "Benchmark ourselves against other organisations' PMOs "
     "and trends.", "strategic"),
    ("Lessons database", "Searchable store of lessons learnt from past projects.",
     "learning"),
    ("Compliance audits", "Check a sample of projects follow the framework and report "
     "non-compliance.", "learning"),
    ("End-of-project review", "Look back at each closed project with the team and record "
     "what we would do differently.", "learning"),
    ("Records management", "File and archive project records for audit.", "learning"),
    ("Risk register", "Keep the central risk register and run the monthly risk review.",
     "learning"),
    ("PMO KPIs", "Measure how the PMO itself is doing and report it to the sponsor.",
     "learning"),
    ("Planning on behalf of PMs", "Our planners produce and update the detailed plans for "
     "the project managers.", "other"),
    ("Customer account management", "Handle the relationship with the customer's "
     "programme office.", "other"),
    ("Contractor PM evaluation", "Assess contractor PMs' performance and decide on "
     "renewals.", "other"),
    ("Minutes and actions", "Write up meeting notes and chase the actions.", "admin"),
    ("Purchase orders", "Raise POs and match them to invoices for project spend.", "admin"),
    ("Events", "Plan the annual project awards evening and team socials.", "admin"),
    ("Typing and formatting", "Tidy up and format reports and slides.", "admin"),
    ("Timesheet compliance", "Send reminders and chase missing time bookings.", "admin"),
    ("Room and catering", "Arrange venues and lunches for workshops.", "admin"),
]
