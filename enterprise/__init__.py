"""Operating-enterprise help (投产运营企业帮扶工作服务规范, SPEC §5, E-1 … E-7).

Decisions where the source is silent (each also in the docstring of the rule that applies it):
- E-1: below 1亿 the area/department answers with a leader of its own; exactly 5亿 is the city tier;
  a county/park's industry authority is its child unit "<AREA>-GXJ"; a city body that is not a
  municipal department (party organisation, investment bureau…) hands over to the city's 工业和信息化局.
- E-3: the time limit (限时办结) is 10 working days unless the unit sets a date.
- E-4: a statutory limit counts calendar days (PRC laws say 工作日 when they mean working days),
  ending on the next working day if it falls on a day off (Civil Code art. 203); the 7-day default
  counts working days on the official calendar. Online complaints reach the city's
  business-environment office (the supervision bureau), which transfers them.
- E-5: a county-level agency's plan is approved by the government of the enterprise's
  county/park; a city-level one by the city government or its legal affairs office.
- E-7: five indicators of 20 points; 85 or more commended, below 60 or not reported criticised.
"""
