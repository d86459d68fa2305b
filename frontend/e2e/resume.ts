// A realistic plain-text resume for the browser walk (TXT is one of the accepted formats).
export const RESUME_TEXT = `Jordan Rivera
Austin, TX · jordan.rivera@example.com · (512) 555-0142 · linkedin.com/in/jordanrivera

SUMMARY
Data analyst with 5 years of experience turning messy operational data into dashboards and
decisions. Strong in SQL, Python and Tableau; comfortable presenting to executives.

EXPERIENCE
Senior Data Analyst, Brightline Logistics — Austin, TX
March 2021 – Present
- Built a Tableau dashboard suite used by 120 managers, cutting weekly reporting time by 60%.
- Wrote SQL models in PostgreSQL and dbt that reconciled 4 million shipments a month.
- Led an A/B test of routing rules that lowered late deliveries by 18%.
- Automated data quality checks in Python (pandas), catching 95% of bad loads before reports.

Data Analyst, Cedar Health Partners — Dallas, TX
June 2018 – February 2021
- Analysed claims data in SQL Server and Excel to find $1.2M in billing errors.
- Created Power BI reports for finance and operations teams.
- Trained 15 colleagues on SQL basics and dashboard design.

EDUCATION
B.S. in Statistics, University of Texas at Austin, 2018

SKILLS
SQL, PostgreSQL, Python, pandas, Tableau, Power BI, Excel, dbt, A/B testing, statistics,
data visualization, stakeholder communication

CERTIFICATIONS
Tableau Desktop Specialist, 2020
`
