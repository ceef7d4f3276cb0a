"""Word lists the mention finder and the context check read: titles and roles, organisation and vessel
words, places and nationality words, and the capitalised function words that start sentences.

Kept as data, not rules, so a reviewer can see why a word made (or did not make) a mention. English,
Korean and Russian: the languages of the monitored press this project reads first.
"""

from __future__ import annotations

from followthemoney import registry

# Capitalised only because a sentence or a heading starts with them.
STOPWORDS = frozenset("""
a an the and or but if so as at by for from in into of on onto to with without within via per than then
this that these those there here it its he she him her his hers they them their we our you your i me my
since after before during while when where which who whom whose what why how although though because
until unless despite about against among amid amongst between over under above below up down out off
also even still yet only just not no nor all any both each every few many most much more some such
other another one two three first second last next new old former late said says say according
yesterday today tomorrow monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
mr mrs ms dr bonus video photo photos disclaimer read watch share comments views reactions
""".split())

# Titles and roles before or after a name, with the class of role they denote. The class is what the
# context check compares with the listed person's position.
ROLES: dict[str, str] = {}
for _cls, _words in {
    "leader": "president chairman chairwoman chair leader premier supreme marshal king dictator secretary-general "
              "prime general-secretary",
    "minister": "minister vice-minister deputy-minister",
    "diplomat": "ambassador envoy diplomat consul spokesman spokeswoman spokesperson attache representative",
    "military": "colonel lieutenant captain commander admiral officer sergeant soldier",
    "official": "official director head chief deputy vice-chairman governor mayor lawmaker senator "
                "legislator",
    "business": "businessman businesswoman executive ceo banker trader broker dealer owner shipowner "
                "financier",
    "science": "scientist engineer physicist chemist researcher",
    "civilian": "footballer player athlete striker midfielder goalkeeper coach singer actor actress "
                "artist musician student pupil shopkeeper farmer fisherman teacher pastor chef cook "
                "nurse doctor driver retiree pensioner journalist reporter novelist writer professor "
                "expert analyst economist blogger photographer designer waiter clerk pianist violinist "
                "guitarist painter potter sculptor baker barber butcher carpenter plumber electrician "
                "skater swimmer runner cyclist boxer wrestler golfer skier chess-player dancer comedian "
                "entrepreneur shopowner restaurateur housewife",
}.items():
    for _w in _words.split():
        ROLES[_w] = _cls
ROLES_KO = {"국무위원장": "leader", "위원장": "leader", "총비서": "leader", "대통령": "leader", "주석": "leader",
            "총리": "leader", "장관": "minister", "외무상": "minister", "대사": "diplomat", "대변인": "diplomat",
            "외교관": "diplomat", "대표": "official", "부장": "official", "국장": "official", "부부장": "official",
            "원수": "leader", "장군": "military", "사령관": "military", "회장": "business", "사장": "business",
            "사업가": "business", "은행가": "business", "선수": "civilian", "학생": "civilian",
            "가수": "civilian", "배우": "civilian", "교사": "civilian", "농민": "civilian", "어부": "civilian",
            "상인": "civilian", "대학생": "civilian", "회사원": "civilian", "야구": "civilian", "축구": "civilian", "요리사": "civilian", "기자": "civilian", "교수": "civilian", "감독": "civilian",
            # 씨 is how the Korean press addresses a private person; officials get their titles.
            "씨": "civilian", "여사": "", "동지": ""}
ROLES_RU = {"президент": "leader", "председатель": "leader", "лидер": "leader", "руководитель": "leader",
            "министр": "minister", "посол": "diplomat", "постпред": "diplomat", "представитель": "diplomat",
            "дипломат": "diplomat", "генерал": "military", "полковник": "military", "офицер": "military",
            "директор": "official", "глава": "official", "чиновник": "official", "заместитель": "official", "бизнесмен": "business",
            "предприниматель": "business", "банкир": "business", "футболист": "civilian",
            "спортсмен": "civilian", "студент": "civilian", "студентка": "civilian", "учитель": "civilian",
            "продавец": "civilian", "повар": "civilian", "фермер": "civilian", "рыбак": "civilian",
            "певец": "civilian", "певица": "civilian", "актёр": "civilian", "актер": "civilian",
            "журналист": "civilian", "пенсионер": "civilian", "врач": "civilian", "художник": "civilian",
            "водитель": "civilian", "официант": "civilian", "тренер": "civilian", "хоккеист": "civilian",
            "нападающий": "civilian", "защитник": "civilian", "вратарь": "civilian", "школьник": "civilian",
            "пианист": "civilian", "музыкант": "civilian", "господин": "",
            "госпожа": ""}
FEMALE_ROLES = frozenset("spokeswoman businesswoman chairwoman actress певица студентка госпожа 여사".split())
MALE_ROLES = frozenset("spokesman businessman господин".split())

# Words that end the clause a role or nationality word before a name could describe: verbs of saying
# and meeting, relative pronouns and conjunctions ("a Chinese exhibitor said Mr Ri").
CLAUSE_BREAKS = frozenset("""
said says say told tells asked asks added adds noted notes met meets accused accuses thanked thanks
called calls urged urges claimed claims reported reports according but that who which whom whose when
while whereas because although
""".split())

# Words that make a capitalised span an organisation's name.
ORG_WORDS = frozenset("""
corporation corp company co ltd limited inc llc plc gmbh jsc bank group trading holding holdings
ministry department committee commission council bureau office agency institute institution party
union federation association academy university army navy force forces command organization
organisation administration services service enterprise enterprises industries industry shipping
lines logistics commercial general front foundation fund authority court police intelligence affairs
centre center venture ventures consortium partnership
""".split())
ORG_WORDS_KO = ("무역", "회사", "은행", "공사", "총국", "위원회", "성", "부", "국", "해운", "상사", "그룹", "기업")
# Russian words after which a Latin-lettered name is an organisation's ("группировка Lazarus").
ORG_INTRO_RU = frozenset("""группа группы группе группу группой группировка группировки группировке группировку
группировкой компания компании компанию компанией банк банка банку банком банке подразделение подразделения
подразделению подразделением подразделении организация организации организацию организацией корпорация
корпорации корпорацию корпорацией фирма фирмы фирму фирмой структура структуры структуру структурой""".split())
ORG_WORDS_RU = frozenset("""компания корпорация банк министерство ооо оао зао пао ао группа комитет
агентство служба управление совет""".split())
# Words that introduce a vessel's name.
VESSEL_WORDS = frozenset("vessel ship tanker freighter carrier m/v mv m/t mt s/s ss boat trawler barge".split())
VESSEL_WORDS_KO = ("선박", "유조선", "화물선", "배", "운반선")
VESSEL_WORDS_RU = frozenset("судно танкер сухогруз теплоход корабль".split())
# Words that make a span a place or an event, never a person.
PLACE_WORDS = frozenset("""region province city district county island islands sea ocean river bay strait
peninsula port harbour harbor airport street square headquarters crisis war summit conference
""".split())

# Places the press names most in this domain, with the country they are in.
_PLACES = {
    "kp": "pyongyang nampo namp'o chongjin wonsan sinuiju rason hamhung haeju songrim dprk",
    "kr": "seoul busan pusan incheon daegu gwangju ulsan jeju suwon",
    "ru": "moscow vladivostok nakhodka vanino kremlin st petersburg petersburg amur khabarovsk",
    "cn": "beijing shanghai dandong dalian shenyang longkou yantai qingdao guangzhou shenzhen",
    "us": "washington",
    "hk": "hong kong",
    "sg": "singapore",
    "jp": "tokyo",
    "ua": "kyiv kiev",
    "ae": "dubai",
}
PLACES: dict[str, str] = {}
for _code, _names in _PLACES.items():
    for _n in _names.split():
        PLACES[_n] = _code
PLACES_KO = {"평양": "kp", "남포": "kp", "북한": "kp", "조선": "kp", "청진": "kp", "원산": "kp", "신의주": "kp",
             "나선": "kp", "서울": "kr", "부산": "kr", "인천": "kr", "한국": "kr", "남한": "kr", "대한민국": "kr",
             "러시아": "ru", "모스크바": "ru", "블라디보스토크": "ru", "중국": "cn", "베이징": "cn", "단둥": "cn",
             "미국": "us", "워싱턴": "us", "일본": "jp", "도쿄": "jp", "유엔": "", "홍콩": "hk", "싱가포르": "sg",
             "우크라이나": "ua"}
PLACES_RU = {"пхеньян": "kp", "кндр": "kp", "нампхо": "kp", "сеул": "kr", "пусан": "kr", "москва": "ru",
             "россия": "ru", "рф": "ru", "владивосток": "ru", "находка": "ru", "кремль": "ru", "китай": "cn",
             "пекин": "cn", "даньдун": "cn", "сша": "us", "вашингтон": "us", "япония": "jp", "токио": "jp",
             "украина": "ua", "киев": "ua", "оон": "", "гонконг": "hk", "сингапур": "sg",
             "корея": "",  # North or South: a place, no nationality
             "приморье": "ru", "хабаровск": "ru", "харбин": "cn", "шэньян": "cn"}

# Nationality words and the country they give a person next to them.
NATIONALITIES = {
    "north korean": "kp", "dprk": "kp", "south korean": "kr", "russian": "ru", "chinese": "cn",
    "american": "us", "british": "gb", "japanese": "jp", "ukrainian": "ua", "singaporean": "sg",
    "taiwanese": "tw", "emirati": "ae", "korean-american": "us", "seoul-based": "kr", "pyongyang-based": "kp",
}
NATIONALITIES_KO = {"북한": "kp", "한국": "kr", "남한": "kr", "러시아": "ru", "중국": "cn", "미국": "us",
                    "일본": "jp", "영국": "gb", "서울": "kr", "평양": "kp"}
NATIONALITIES_RU = {"северокорейский": "kp", "северокорейская": "kp", "южнокорейский": "kr",
                    "южнокорейская": "kr", "российский": "ru", "российская": "ru", "китайский": "cn",
                    "китайская": "cn", "американский": "us", "американская": "us", "японский": "jp"}

# Korean family names (the first syllable of most Korean names), for finding names in Hangul text.
KOREAN_FAMILY = frozenset("김 이 리 박 최 정 강 조 윤 장 임 림 한 오 서 신 권 황 안 송 류 전 홍 고 문 양 손 배 백 허 "
                          "남 심 노 로 하 곽 성 차 주 우 구 민 진 지 엄 채 원 천 방 공 현 함 변 염 려 량 렴 태 유 계 "
                          "봉".split())
# Hangul words of three syllables that begin like a name but are not one.
KOREAN_NOT_NAMES = frozenset("""이라고 이라며 이라는 이번에 정부는 정부가 정부의 조선의 한국의 지난해 전문가 관계자
주민들 우리는 김정일 위원회 대변인 대통령 장관은 국제적 안보리 안전보 유엔은 이날은 이어서 이처럼 이같이 정도로
정상회담 정권의 조치를 조사를 지난달 주장했 전했다 밝혔다 말했다 보도했 한반도 연합뉴 중앙통 기자는 이것은 이들은
이후에 이에게 이미지 원유를 석유를 선박을 선박의 선박이 유조선 화물선 무역회 해운회 회사는 은행은 은행이""".split())
KOREAN_PARTICLES = ("에게서", "에게는", "에게", "께서는", "께서", "에서는", "에서", "으로는", "으로", "이라는", "라는",
                    "과의", "와의", "하고", "까지", "부터", "처럼", "보다", "마저", "조차", "밖에", "이나", "나",
                    "은", "는", "이", "가", "을", "를", "의", "와", "과", "도", "만", "로", "에", "랑")
# Russian capitalised function words.
STOPWORDS_RU = frozenset("""в во на по с со к ко о об от до из за под над при для без про и а но или что
как когда где это этот эта эти тот та те он она они его её ее их мы вы я же ли не ни уже ещё еще также
так по-прежнему однако после перед между через вчера сегодня завтра""".split())

COUNTRY_NAMES = {name.lower(): code for code, name in registry.country.names.items()}
COUNTRY_NAMES.update({"north korea": "kp", "south korea": "kr", "korea": "kr", "russia": "ru", "china": "cn",
                      "united states": "us", "us": "us", "u.s.": "us", "usa": "us", "uk": "gb",
                      "britain": "gb", "iran": "ir", "syria": "sy", "republic of korea": "kr",
                      "democratic people's republic of korea": "kp", "soviet union": "su",
                      "korean peninsula": "", "asia": "", "europe": "", "africa": "", "west": "",
                      "ukraine": "ua", "taiwan": "tw", "vietnam": "vn"})
