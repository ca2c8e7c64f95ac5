"""Customers' personal names, from patterns and word lists (no statistical model).

A name is one to four capitalised words (with particles such as `van der`, `de la`,
`von`, `di`, `O'`, `Mc`, initials such as `J.`, hyphens and diacritics). Capitalised
words are everywhere (sentence starts, German nouns, brands, places), so a name
counts only where something says it is one:

- a title before it: `Mr`, `Mrs`, `Ms`, `Miss`, `Dr`, `Herr`, `Frau`, `M.`, `Mme`,
  `Mlle`, `Sr.`, `Sra.`, `Srta.`, `Don`, `Doña`, `meneer`, `mevrouw`, `dhr.`, `mw.`,
  `pan`, `pani`, `السيد` … (the title is not part of the span);
- a phrase that introduces a name: "my name is", "her name is", "je m'appelle",
  "ich heiße", "me llamo", "mi nombre es", "ik heet", "nazywam się", "Name:" … (after
  one, a name typed in lower case counts when it starts with a common given name);
- a signature: "Regards, X", "Cordialement, X", "Mit freundlichen Grüßen, X" …;
- a weaker phrase ("customer X", "a lady called X", "ask for X", "I'm X", "cliente X",
  "Kundin X", "klant X", "klientka X"), when the first word is a common given name or
  a verb of speech or action follows ("customer Patel said");
- no phrase at all: a common given name followed by a surname ("Anna Kowalska").
  A first name alone is not enough: that is how notes name staff ("Shared with Jack
  and the team", "Lovely feedback for Lotte").

Never a name: words on the stop-lists (weekdays, months, greetings, pronouns and
articles, common place, brand and shop words, brands made of a name such as "John
Lewis" or "Ted Baker"), a name right after a staff word ("colleague", "manager",
"served by", "Kollegin", "collègue", "kolega" …), a name after a street or place word
("rue Victor Hugo", "Sankt Georg") or before one ("… Street", "… Station"), and the
names of staff passed in `staff_names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from frontline.core.pii._base import NAME, Entity

_LATIN = [chr(c) for c in range(0x41, 0x250)] + [chr(c) for c in range(0x370, 0x530)]
_UP = "".join(c for c in _LATIN if c.isalpha() and c.isupper())
_LO = "".join(c for c in _LATIN if c.isalpha() and c.islower())
_U = f"[{re.escape(_UP)}]"
_L = f"[{re.escape(_LO)}]"

# one word of a name: "Anna", "McDonald", "O'Brien", "D'Angelo", "Anne-Marie", "J."
_WORD = re.compile(
    rf"(?:(?:Mc|Mac|{_U}['’])?{_U}{_L}+(?:-{_U}{_L}+)*|{_U}{{3,}}(?:-{_U}{{2,}})*|{_U}\.)"
    rf"(?!\w|['’](?![sS]\b)\w)"  # "Chen's" is Chen
)
_PARTICLE = re.compile(
    r"(?:van\s(?:der|den|de|het|['’]t)|in\s['’]t|von\s(?:der|dem)|de\s(?:la|los|las)|van|von|zu|de|del|della"
    r"|di|da|dos|das|du|ten|ter|den|le|la)\s",
    re.IGNORECASE,
)
# a capitalised word that may be a given name: not after a letter, digit, "@", "." or "_"
_CAPITALISED = re.compile(rf"(?<![\w@.])(?<!\w[.'’]){_U}{_L}+(?![\w@])")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")

_TITLES_ANY_CASE = r"""
    mr mrs ms mx mister dr prof herr herrn frau familie famille familia monsieur madame
    mademoiselle mme mlle señor señora señorita sr sra srta doña dña meneer mevrouw mevr
    mejuffrouw heer dhr mw pan pani pana panu panem panią panie panna
"""
# titles that are also ordinary words or initials: only with this capitalisation
_TITLES_EXACT = r"Miss Sir Lady Hr\. Fr\. M\. Don p\."

_STRONG_PHRASES = r"""
    my\sname\sis | my\sname's | (?:her|his|their|the\scustomer's|the\sclient's)\sname\sis
    | name\sis | name's | (?:customer|client|caller)(?:\sname)?\s?: | name\s?: | signed
    | (?:kunde|kundin|kundenname|cliente|clienta|klant|klantnaam|klient|klientka)\s?:
    | je\sm['’]appelle | (?:il|elle)\ss['’]appelle | mon\snom\sest | (?:son|mon)\snom\s?:
    | nom\s?: | au\snom\sde | de\sla\spart\sde
    | ich\sheiße | ich\sheisse | (?:sie|er)\sheißt | (?:sie|er)\sheisst | mein\sname\sist
    | (?:ihr|sein)\sname\sist | name\sder\skundin | name\sdes\skunden | auf\sden\snamen
    | namens | kundenname\s?:
    | me\sllamo | se\sllama | mi\snombre\ses | su\snombre\ses | a\snombre\sde | nombre\s?:
    | (?:is|'s|was)\scalled | goes\sby | named | s['’]appelle | heißt | heisst | heet
    | llamad[oa] | genannt | mijn\snaam\sis | (?:haar|zijn)\snaam\sis
    | op\snaam\svan | naam\s?: | genaamd
    | nazywam\ssię | nazywa\ssię | mam\sna\simię | ma\sna\simię | na\snazwisko
    | imię\si\snazwisko\s?: | nazwisko\s?: | imię\s?:
"""
_SIGNATURES = r"""
    regards | kind\sregards | best\sregards | best\swishes | many\sthanks | thanks | thank\syou
    | cheers | sincerely | yours\ssincerely | cordialement | bien\sà\svous | salutations
    | mit\sfreundlichen\sgrüßen | viele\sgrüße | liebe\sgrüße | beste\sgrüße | grüße | gruß
    | saludos | atentamente | un\ssaludo | gracias
    | met\svriendelijke\sgroet | vriendelijke\sgroet | groeten | groet | bedankt
    | pozdrawiam | z\spoważaniem | dziękuję
"""
_WEAK_PHRASES = r"""
    customer | client | caller | (?:lady|gentleman|man|woman|guy|chap|girl|boy|someone
    |somebody|person|son|daughter|husband|wife|partner|mother|father|mum|mom|dad)\scalled
    | ask\sfor
    | asked\sfor | asking\sfor | this\sis | i'm | i\sam | it's
    | cliente | clienta | kunde | kundin | klant | klantin | klient | klientka | pani\sklientka
    | appelé | appelée
"""
_STAFF_WORDS = frozenset(
    """colleague colleagues coworker co-worker manager managers cashier staff supervisor
    assistant team leader lead keyholder driver courier technician advisor adviser agent
    kollege kollegin kollegen filialleiter filialleiterin mitarbeiter mitarbeiterin
    kassierer kassiererin verkäufer verkäuferin chef chefin fahrer
    collègue collègues responsable vendeur vendeuse caissier caissière directeur directrice
    livreur conseiller conseillère
    compañero compañera encargado encargada cajero cajera dependiente dependienta gerente
    repartidor
    collega collega's medewerker medewerkster bedrijfsleider filiaalmanager kassière
    kassamedewerker bezorger
    kolega koleżanka kierownik kierowniczka kasjer kasjerka sprzedawca sprzedawczyni
    kurier our my served handled assigned escalated""".split()
)

_TRIGGER = re.compile(
    # every phrase starts a word: checked once, so the scan skips the middle of words fast
    rf"(?<!\w)(?=\w)(?:"
    rf"(?P<title>(?<![\w.])(?:(?i:(?:{'|'.join(_TITLES_ANY_CASE.split())})\.?)"
    rf"|{'|'.join(_TITLES_EXACT.split())})(?=\s))"
    rf"|(?P<strong>(?<!\w)(?i:{_STRONG_PHRASES}))"
    rf"|(?P<sign>(?<!\w)(?i:{_SIGNATURES})\s?[,:\-–]?\s*\n?\s*(?=\S))"
    rf"|(?P<weak>(?<!\w)(?i:{_WEAK_PHRASES})(?=\s))"
    rf"|(?P<arabic>(?<!\w)(?:السيد|السيدة|الأستاذ|الأستاذة)\s))",
    re.VERBOSE,
)

# Given names common among customers of the six languages' countries, leaving out
# those that are also ordinary words or places (May, Will, Mark, Rose, Grace,
# Victoria, Florence, Paris …): they count only after a title or a phrase.
_GIVEN = frozenset(
    """
    aaron adam adrian aisha alan albert alex alexander alexandra alice alicia alison amanda
    amelia amy andrea andrew angela anna anne annie anthony antonio arthur ashley barbara
    ben benjamin beth brian caroline catherine charles charlie charlotte chloe chris
    christine christopher claire daniel david deborah dennis diana donna dorothy edward
    eleanor elizabeth ella emily emma eric ethan fiona frank gary george georgia gordon
    graham hannah harry heather helen henry holly ian isabella jacob james jane janet
    jason jennifer jessica joan joe john jonathan joseph joshua julia julie karen kate
    katherine kathleen kelly kevin laura lauren linda lisa louise lucy luke margaret maria
    marie martha mary matthew megan melissa michael michelle nancy natalie nicholas nicola
    oliver olivia patricia paul peter philip rachel rebecca richard robert ruth ryan sam
    samantha sandra sarah sharon simon sophie stephen steven susan thomas timothy tom tony
    emma zoe liam noah mohammed muhammad ahmed ali fatima omar priya raj sanjay aoife
    siobhan niamh ciara sean seán padraig ronan declan colm eoin
    jean pierre jacques michel philippe alain nicolas françois francois olivier christophe
    frédéric frederic laurent sébastien sebastien julien thierry stéphane stephane pascal
    benoît benoit mathieu guillaume antoine vincent maxime thibault yves gérard gerard
    bernard hélène helene isabelle nathalie sylvie catherine françoise francoise valérie
    valerie sandrine céline celine sophie aurélie aurelie camille manon léa lea chloé
    juliette margaux élodie elodie amélie amelie brigitte monique chantal martine
    dominique josiane geneviève genevieve mathilde clémence clemence inès ines
    hans klaus jürgen jurgen jörg jorg uwe wolfgang dieter horst günter gunter helmut
    stefan thomas andreas markus matthias tobias sebastian lukas jonas felix florian
    maximilian moritz niklas tim jan jens sven torsten frank ralf rainer bernd heinz
    karl friedrich wilhelm johannes ulrich ursula ute monika petra sabine susanne
    claudia andrea birgit gabriele heike karin renate ingrid helga gisela christa anja
    katrin kathrin stefanie julia lena leonie laura lea hannah johanna sophia marie
    charlotte franziska katharina anke silke nicole sandra melanie jessica jana
    josé jose antonio manuel francisco juan javier carlos miguel rafael pedro pablo
    alejandro fernando jorge luis sergio alberto ángel angel diego raúl raul enrique
    ramón ramon vicente andrés andres joaquín joaquin santiago álvaro alvaro rubén ruben
    iván ivan óscar oscar mario víctor victor jesús jesus maría carmen ana isabel
    dolores pilar teresa rosa josefa lucía lucia laura cristina marta elena paula
    raquel beatriz silvia patricia sara rocío rocio nuria inmaculada montserrat
    consuelo concepción concepcion encarnación encarnacion alba irene nerea ainhoa
    jeroen bram pieter sander thijs sem daan lars ruben stijn niels joost bas koen
    wouter maarten hendrik henk gerrit kees cornelis willem dirk jeroen erik arjen
    bart geert luuk jesse  finn lieke sanne femke anouk fleur iris lotte eline
    marloes ingrid annemarie anneke marieke mieke els ellen wilma gerda tineke petra
    sophie lisa julia emma tess noor saskia inge ilse
    piotr krzysztof andrzej tomasz paweł pawel marcin michał michal grzegorz józef
    jozef marek łukasz lukasz adam zbigniew jerzy tadeusz mateusz dariusz mariusz
    wojciech ryszard kazimierz henryk stanisław stanislaw jakub kamil rafał rafal
    robert sławomir slawomir maciej szymon artur bartosz damian przemysław przemyslaw
    anna maria katarzyna małgorzata malgorzata agnieszka barbara ewa krystyna
    elżbieta elzbieta zofia teresa joanna magdalena monika danuta jadwiga aleksandra
    natalia beata dorota justyna karolina marta iwona halina grażyna grazyna renata
    jolanta urszula agata paulina sylwia weronika zuzanna wiktoria kinga
    giovanni giuseppe luca marco francesco alessandro andrea matteo lorenzo giulia
    francesca chiara sofia federica paola
    jack harvey oscar leo archie alfie freddie theo noah isaac mason lewis callum jamie
    kieran connor shannon chelsea? bethany jade leah abigail evie poppy millie isla ava
    mia maisie freya imogen phoebe rosie eilidh morag fergus hamish angus alistair iain
    hassan hussein youssef yusuf karim mustafa ibrahim khalid tariq bilal hamza imran
    ayesha aisha amina zainab mariam yasmin nadia leila samira mehmet ayşe ayse emre
    fatma zeynep murat hiroshi kenji yuki wei jing  arjun anil sunita deepak rahul
    amit vikram lakshmi olga irina natasha natalia svetlana oksana olena dmitri sergei
    andriy kwame chinedu ngozi oluwaseun adebayo thi minh duc
    abigail adele agnes albert alfred amanda andy angus annabel annette audrey barry
    bernadette beverley brenda bridget bruce carl carol carole cathy colin craig darren
    dean debbie derek diane dylan eileen elaine elliot esther evelyn felicity gavin gemma
    geoffrey gillian glen glenda hazel howard hugh irene jacqueline janice jeremy jill
    joanne jodie jordan judith julian justin kathryn keith kenneth kirsty leanne leonard
    lesley leslie lindsay lorraine lynn malcolm marion martin maureen melanie michelle
    nathan neil nigel norman owen pamela pauline philippa rhys robin rodney roger ronald
    rosemary ross russell sally shaun sheila shirley  stuart suzanne sylvia teresa
    theresa tracey trevor valerie vanessa vicky wayne wendy yvonne
    adèle agathe alexandre alexis amandine anaïs arnaud audrey baptiste bastien brice
    cédric cedric charlotte clara claude corinne damien delphine denis didier émilie
    emilie éric fabien fabrice florence? gaëlle gilles grégoire hugo jérôme jerome joël
    jonathan josé julie karine lætitia laetitia léon loïc lucas ludovic marc marine
    maryse mélanie nadine noémie océane pascale patrice perrine raphaël régis romain
    rémi sabrina solène sylvain thibaut tristan virginie xavier yannick
    achim alexander andrea annette axel bärbel benedikt björn carsten christian
    cornelia detlef dirk doris eckhard elke erika ernst fabian friedhelm georg gerhard
    gudrun hartmut heiko heinrich herbert holger ilse irmgard jannik jochen kai kerstin
    kurt lothar manfred marion marlies marco martina michaela nadine niklas norbert
    olaf oliver otto paul philipp reinhard rolf rüdiger sascha siegfried sigrid silvia
    simone sönke steffen susanne tanja thorsten  udo ulrike volker waltraud werner
    wiebke wilfried yvonne
    adrián agustín alicia amparo andrea anselmo aurora begoña borja carlota celia
    clara daniela eduardo elena emilio esperanza esteban eugenio eva federico felipe
    fermín gabriel gloria gonzalo guillermo gustavo héctor hector hugo ignacio inés
    íñigo jaime jimena josefina julia julián leire lorena lourdes marcos margarita
    mariano marina maite martín matías milagros miriam natalia nicolás noelia olga
    patricio paloma ricardo roberto rodrigo rosario salvador samuel sofía susana tomás
    valentina verónica xavier yolanda
    anouk bas bente berend bregje chantal cor daphne demi dennis dewi dick dion
    evert femke fenna  frits gijs guus hanneke harm hein hidde ilse jasper jelle
    jolanda joris jurgen kim klaas lars liesbeth lotte lucas maaike mark? martijn
    marijke merel mirjam nienke pim quinten remco rik rob roel ronald rutger sjoerd
    stefan tijn tim tom vincent wim yvonne
    adrianna alicja anita bogdan bogusław bogusława bożena czesław dagmara daria
    edyta emilia ewelina filip gabriela genowefa hanna helena hubert igor irena
    izabela jacek jadwiga janina jarosław jolanta julia kacper karol kazimiera
    klaudia konrad kornelia krystian leszek lidia lucyna ludwik łucja marcel
    mariola mirosław mirosława norbert olga oliwia patryk radosław  sebastian
    stefania sylwester teodor waldemar wanda wiesław wiesława wiktor witold zdzisław
    zenon zuzanna żaneta
    """.replace("chelsea? ", "").replace("florence? ", "").replace("mark? ", "").split()
)

# Capitalised words that are not names: sentence starters and function words of the
# six languages, greetings, weekdays, months, shop words, places and brands.
_STOP = frozenset(
    """
    today tomorrow yesterday tonight now later soon again still heute morgen gestern
    demain aujourd'hui hier mañana hoy ayer vandaag gisteren jutro dzisiaj wczoraj
    the a an and or but if when while then this that these those he she they we you i it
    his her their our my your its there here what who which why how yes no not ok okay
    please thanks thank hello hi hey dear good morning afternoon evening sorry also just
    customer client caller lady gentleman man woman sir madam family team staff store
    shop service services care support manager department desk team till online app
    delivery order refund return complaint receipt invoice card phone email name number
    le la les un une des et ou mais si quand alors ce cette ces il elle ils elles nous
    vous je tu on son sa ses leur mon ma mes bonjour merci madame monsieur client cliente
    der die das ein eine einen und oder aber wenn dann dies diese er sie es wir ihr ich
    du sein seine ihre unser hallo danke bitte kunde kundin herr frau guten tag
    el los las una unos unas y o pero si cuando entonces este esta estos estas él
    ellos ellas nosotros usted yo su sus hola gracias señor señora buenos buenas días
    het een en of maar als dan deze dit die zij hij wij jullie ik u zijn haar hallo
    dank bedankt meneer mevrouw klant goedemorgen goedemiddag
    i lub ale jeśli gdy to ten ta te on ona oni my wy ja pan pani jego jej ich dzień
    dobry dziękuję proszę klient klientka
    monday tuesday wednesday thursday friday saturday sunday
    lundi mardi mercredi jeudi vendredi samedi dimanche
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    lunes martes miércoles jueves viernes sábado domingo
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    poniedziałek wtorek środa czwartek piątek sobota niedziela
    january february march april may june july august september october november december
     feb mar apr jun jul aug sep sept oct nov dec
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    januar februar märz juni juli oktober dezember
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
    diciembre januari februari maart mei augustus
    styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik
    listopad grudzień stycznia lutego marca kwietnia maja czerwca lipca sierpnia
    września października listopada grudnia
    christmas easter xmas noël noel weihnachten ostern navidad kerstmis pasen
    london paris berlin madrid barcelona amsterdam rotterdam brussels bruxelles brussel
    warsaw warszawa kraków krakow lyon marseille munich münchen hamburg cologne köln
    frankfurt vienna wien zurich zürich geneva genève dublin manchester birmingham
    leeds glasgow edinburgh liverpool bristol seville sevilla valencia utrecht
    antwerp antwerpen gdańsk gdansk wrocław wroclaw poznań poznan lille nice toulouse
    bordeaux lisbon lisboa rome roma milan milano toronto montreal new york
    england france germany spain netherlands holland belgium poland ireland scotland
    wales britain europe deutschland frankreich españa espagne polska nederland
    amazon apple samsung sony lg philips bosch siemens miele dyson ikea tesco asda
    sainsbury sainsbury's morrisons currys argos boots primark zara mango lidl aldi
    carrefour auchan leclerc fnac darty decathlon mediamarkt saturn rewe edeka
    mercadona corte inglés heijn jumbo hema biedronka żabka zabka allegro
    google microsoft netflix paypal klarna visa mastercard amex maestro dhl ups fedex
    dpd gls hermes inpost royal mail nike adidas puma levi's lego nintendo playstation
    xbox iphone ipad macbook galaxy kindle tefal nespresso hp dell lenovo asus acer
    whatsapp facebook instagram tiktok uber bolt revolut
    street road avenue lane drive close way place court square
    mrs mr ms miss dr prof herrn martens oetker pepper kipling muscle tussauds sheen bean
    proper brown's wi-fi wifi right selfridge crimble kensington gaga quijote quixote holle
    frog bricolage figaro pannenkoek dre scholl hauschka cuisine clean tickle l'oréal
    l’oréal oréal team
    """.split()
)
_VERBS_AFTER = frozenset(
    """said says asked asks wants wanted called rang phoned emailed wrote complained came
    come was is has had will would needs needed paid bought returned
    sagt sagte meinte möchte will wollte hat hatte ist war rief kam bezahlte
    dit disait veut voulait a avait est était appelle appelait demande demandait
    dice dijo quiere quería ha había es era llamó llama pidió
    zegt zei wil wilde heeft had is was belde vroeg
    powiedział powiedziała mówi chce chciał chciała ma miał miała jest był była dzwonił
    dzwoniła prosi prosił prosiła""".split()
)


# words just before a name that make it a street, a place or an institution
# ("rue Victor Hugo", "Sankt Georg", "ul. Jana Pawła")
_PLACE_BEFORE = frozenset(
    """rue avenue av boulevard bd place quai allée impasse chemin calle avenida plaza paseo
    carrer ul ulica al aleja plac os osiedle street road st saint sainte san santa sankt
    święty świętej św via lycée école collège hospital hôpital station gare université
    university stadium park school church église kerk kirche iglesia kościół centre center
    hotel hôtel museum musée museo hall bridge pont""".split()
)
# words just after one that make it a place or a brand ("Victor Hugo Street")
_PLACE_AFTER = frozenset(
    """street road avenue lane square station park school hospital centre center college
    university airport bridge straße strasse allee platz laan straat plein gracht
    shopping outlet store shop brand collection range""".split()
)
# brands and places that look like a given name and a surname
_STOP_PAIRS = frozenset(
    " ".join(
        """john lewis | ted baker | paul smith | laura ashley | emma bridgewater
        | victoria beckham | jack wills | ann summers | tom ford | hugo boss | calvin klein
        | ralph lauren | tommy hilfiger | karl lagerfeld | louis vuitton | christian dior
        | marc jacobs | michael kors | kate spade | stella mccartney | vivienne westwood
        | charlotte tilbury | jo malone | molton brown | ben sherman | fred perry | jack jones
        | max mara | massimo dutti | george foreman | russell hobbs | morphy richards
        | victor hugo | henry hoover | max factor | jamie oliver | jean jaurès | charles de gaulle | jan paweł | jana pawła
        | santa claus | father christmas | saint nicholas | jack daniels | johnnie walker
        | martin luther | marks spencer | albert heijn | anne frank | thomas cook | tom tailor
        | marc o'polo | thomas sabo | anne klein | peter hahn | paul hewitt | john deere
        | victoria secret | mariä himmelfahrt""".split()
    ).split(" | ")
)


# "Product name: Galaxy", "Store name: …": a name label after one of these names a thing
_THING_WORDS = frozenset(
    """product store shop brand file user company business item model street branch
    account device network wifi app team department produkt firma marke artikel datei
    produit magasin marque entreprise fichier producto tienda marca empresa archivo
    winkel merk bedrijf bestand sklep marka firmy produktu pliku""".split()
)


def _names_a_thing(text: str, start: int) -> bool:
    """Whether the label that ends at `start` is a thing's name ("Product name:")."""
    before = re.findall(r"[\w'’-]+", text[max(0, start - 30) : start].lower())
    if before and before[-1] in ("name", "nom", "nombre", "naam", "nazwa"):
        before = before[:-1]
    return bool(before) and before[-1] in _THING_WORDS


# after a first name, where staff work: "Tom from electricals", "Anna on the tills"
_STAFF_PLACE = re.compile(
    r"\s*(?:\((?:staff|colleague|manager|mitarbeiter|personnel|empleado|medewerker|pracownik)"
    r"|,?\s(?:from|on|at|in|von|an|der|de|du|à|en|van|op|bij|z|na|przy|w)\s(?:the\s|our\s|la\s"
    r"|le\s|el\s|der\s|den\s|de\s)?(?:tills?|checkouts?|warehouse|stockroom|electricals"
    r"|returns|customer\sservices?|kasse|lager|caisse|entrepôt|réserve|almacén|caja|magazijn"
    r"|kassa|kasie|kasy|magazynu|magazyn))",
    re.IGNORECASE,
)

# weak phrases after which a surname alone counts when a verb follows ("customer Patel said")
_CUSTOMER_WORDS = frozenset(
    "customer client caller cliente clienta kunde kundin klant klantin klient klientka".split()
)

_GERMAN_TITLES = frozenset("herr herrn frau familie hr fr".split())


def _is_given(word: str) -> bool:
    return any(part.lower() in _GIVEN for part in word.split("-"))


def _is_stop(word: str) -> bool:
    return word.lower().strip(".") in _STOP


def _name_after(
    text: str, pos: int, *, allow_caps: bool, allow_particle: bool, most: int = 4
) -> tuple[int, int, list[str]] | None:
    """The name of at most `most` words that starts at `pos` (after spaces): its span
    and its words. Words are joined by single spaces; a particle ("van der", "de la")
    may come before a word, and first only when `allow_particle`."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    start = i
    words: list[str] = []
    ends: list[int] = []
    while len(words) < most:
        j = i
        particle = _PARTICLE.match(text, i)
        if particle and (words or allow_particle):
            j = particle.end()
        m = _WORD.match(text, j)
        if m is None:
            break
        word = m.group()
        initial = len(word) == 2 and word.endswith(".")
        if not initial and (_is_stop(word) or (word.isupper() and not allow_caps)):
            break
        words.append(word)
        ends.append(m.end())
        if m.end() < len(text) and text[m.end()] == " ":
            i = m.end() + 1
        else:
            break
    while words and words[-1].endswith("."):
        words.pop()  # an initial must be followed by a name: "J. Smith", not "Smith J."
        ends.pop()
    if not words:
        return None
    return start, ends[-1], words


_LOWER_WORD = re.compile(rf"{_L}+(?:-{_L}+)*(?!\w)")


def _lower_case_name_after(text: str, pos: int) -> tuple[int, int, list[str]] | None:
    """A name typed in lower case after a phrase such as "my name is": a common given
    name, and the word after it as a surname unless it is a stop word."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    first = _LOWER_WORD.match(text, i)
    if first is None or not _is_given(first.group()):
        return None
    words, end = [first.group()], first.end()
    if text[end : end + 1] == " ":
        second = _LOWER_WORD.match(text, end + 1)
        if second is not None and len(second.group()) > 1 and not _is_stop(second.group()):
            words.append(second.group())
            end = second.end()
    return i, end, words


def _ends_signature(text: str, end: int) -> bool:
    """Whether a name at `end` closes a signature: nothing but punctuation follows on
    its line ("Regards, Anna Nowak", not "Thanks, Tom will call back")."""
    rest = text[end:]
    line = rest.split("\n", 1)[0]
    return line.strip(" .!,") == ""


def _after_staff_word(text: str, start: int) -> bool:
    before = re.findall(r"[\w'’-]+", text[max(0, start - 30) : start].lower())
    return any(w in _STAFF_WORDS for w in before[-2:])


def _staff_set(staff_names: Iterable[str] | None) -> list[set[str]]:
    return [{w.lower() for w in re.findall(r"\w+", n)} for n in staff_names or () if n.strip()]


def find_names(text: str, *, staff_names: Iterable[str] | None = None) -> list[Entity]:
    """Customers' names in (normalised) `text`, leaving out `staff_names`."""
    found: list[tuple[int, int, list[str]]] = []
    for m in _TRIGGER.finditer(text):
        kind = m.lastgroup
        if kind == "arabic":
            arabic = list(_ARABIC_WORD.finditer(text, m.end(), min(len(text), m.end() + 40)))
            if arabic and arabic[0].start() == m.end():
                pair = len(arabic) > 1 and arabic[1].start() == arabic[0].end() + 1
                last = arabic[1] if pair else arabic[0]
                found.append((arabic[0].start(), last.end(), [w.group() for w in arabic[:2]]))
            continue
        got = _name_after(
            text, m.end(), allow_caps=kind in ("title", "strong", "sign"),
            allow_particle=kind in ("title", "strong"),
        )
        if got is None and kind == "strong":
            got = _lower_case_name_after(text, m.end())
        if got is None:
            continue
        start, end, words = got
        if text[m.end() : start].count("\n") > (1 if kind == "sign" else 0):
            continue
        if kind == "strong" and _names_a_thing(text, m.start()):
            continue
        if kind == "title" and m.group() == "Don" and not _is_given(words[0]):
            # Spanish "Don" comes before a given name; before a surname it is one
            start, words = m.start(), ["Don", *words]
        if kind == "title" and len(words) > 1 and not _is_given(words[0]):
            if m.group().lower().rstrip(".") in _GERMAN_TITLES:
                # German capitalises nouns: "Frau Müller Bescheid geben" names Müller only
                got = _name_after(text, m.end(), allow_caps=True, allow_particle=True, most=1)
                if got is None:
                    continue
                start, end, words = got
        if kind == "weak":
            customer = m.group().lower() in _CUSTOMER_WORDS
            if not (_is_given(words[0]) or (customer and _next_word(text, end) in _VERBS_AFTER)):
                continue
            if len(words) == 1 and _STAFF_PLACE.match(text, end):
                continue  # "ask for Tom from electricals", "Anna (staff)"
        if kind == "sign" and (len(words) > 3 or not _ends_signature(text, end)):
            continue
        found.append((start, end, words))
    # no phrase: a given name and a surname ("Anna Kowalska rang")
    for m in _CAPITALISED.finditer(text):
        if m.group().lower() not in _GIVEN:
            continue
        got = _name_after(text, m.start(), allow_caps=False, allow_particle=False)
        if got is None:
            continue
        start, end, words = got
        if len(words) == 1:
            continue  # a first name alone is how staff are named ("Shared with Jack")
        if len(words) > 2 and not _is_given(words[1]):
            # "Anna Müller Bescheid geben": a third word only after two given names
            got = _name_after(text, m.start(), allow_caps=False, allow_particle=False, most=2)
            if got is None:
                continue
            start, end, words = got
        found.append((start, end, words))
    staff = _staff_set(staff_names)
    entities: list[Entity] = []
    for start, end, words in sorted(found, key=lambda f: (f[0], -f[1])):
        if entities and start < entities[-1].end:
            continue
        lowered = [w.lower().strip(".") for w in words]
        if " ".join(lowered[:2]) in _STOP_PAIRS or " ".join(lowered[-2:]) in _STOP_PAIRS:
            continue
        before = re.findall(r"[\w'’-]+", text[max(0, start - 20) : start].lower())
        if before and before[-1] in _PLACE_BEFORE or _next_word(text, end) in _PLACE_AFTER:
            continue
        if _after_staff_word(text, start) or _names_a_thing(text, start):
            continue
        names = {w for w in lowered if len(w) > 1}
        if staff and names and any(names <= s for s in staff):
            continue
        entities.append(Entity(NAME, start, end))
    return entities


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s+([\w'’]+)", text[end : end + 40])
    return m.group(1).lower() if m else ""
