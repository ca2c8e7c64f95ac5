"""Word lists for customer-name detection (`frontline.core.pii.name`).

Lower case; a word is compared after lower-casing. Kept apart from the rules so that
the lists can grow without burying them.
"""

from __future__ import annotations

# words just before a name that make it an employee's ("colleague Sarah", "served by …")
STAFF_WORDS = frozenset(
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

# Given names common among customers of the six languages' countries, leaving out
# those that are also ordinary words or places (May, Will, Mark, Rose, Grace,
# Victoria, Florence, Paris …): they count only after a title or a phrase.
GIVEN_NAMES = frozenset(
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
STOP_WORDS = frozenset(
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
    gift voucher carte cadeau bon achat gutschein geschenk tarjeta regalo cadeaubon
    cadeaukaart karta podarunkowa bon face north balance click collect black cyber
    friday sale deal pay prime plus pro air watch home living kitchen garden
    küche garten cuisine jardin cocina jardín tuin keuken kuchnia ogród
    """.split()
)
VERBS_AFTER = frozenset(
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
PLACE_BEFORE = frozenset(
    """rue avenue av boulevard bd place quai allée impasse chemin calle avenida plaza paseo
    carrer ul ulica al aleja plac os osiedle street road st saint sainte san santa sankt
    święty świętej św via lycée école collège hospital hôpital station gare université
    university stadium park school church église kerk kirche iglesia kościół centre center
    hotel hôtel museum musée museo hall bridge pont""".split()
)
# words just after one that make it a place or a brand ("Victor Hugo Street")
PLACE_AFTER = frozenset(
    """street road avenue lane square station park school hospital centre center college
    university airport bridge straße strasse allee platz laan straat plein gracht
    shopping outlet store shop brand collection range house foundation stiftung fondation
    fundación fundacion stichting fundacja fondazione trust charity service services
    shampoo parfum perfume fragrance zumo juice saft jus sap sok book książka ksiazka
    libro livre buch boek dvd vinyl album""".split()
)
# brands and places that look like a given name and a surname
STOP_PAIRS = frozenset(
    " ".join(
        """john lewis | ted baker | paul smith | laura ashley | emma bridgewater
        | victoria beckham | jack wills | ann summers | tom ford | hugo boss | calvin klein
        | ralph lauren | tommy hilfiger | karl lagerfeld | louis vuitton | christian dior
        | marc jacobs | michael kors | kate spade | stella mccartney | vivienne westwood
        | charlotte tilbury | jo malone | molton brown | ben sherman | fred perry | jack jones
        | max mara | massimo dutti | george foreman | russell hobbs | morphy richards
        | victor hugo | henry hoover | max factor | jamie oliver | jean jaurès | charles de gaulle
        | jan paweł | jana pawła
        | santa claus | father christmas | saint nicholas | jack daniels | johnnie walker
        | martin luther | marks spencer | albert heijn | anne frank | thomas cook | tom tailor
        | marc o'polo | thomas sabo | anne klein | peter hahn | paul hewitt | john deere
        | victoria secret | mariä himmelfahrt | mercedes benz | harry potter | peppa pig
        | hello kitty | paw patrol | ray ban | paul mitchell | yves saint | saint laurent
        | ronald mcdonald | tío pepe | tio pepe | frau antje | pan tadeusz | pana tadeusza
        | panu tadeuszu | panem tadeuszem | don simón | don simon | don limpio | don quijote
        | mister minit | miss marple | lady day | doctor who | dr who | mr bean | mr muscle
        | mr proper | monsieur propre | meister proper | uncle ben's | mr kipling | miss piggy
        | mrs doubtfire | dr seuss | lady bird | old spice | pere noel | père noël
        | sinter klaas | sint nicolaas | zwarte piet | dr. martens | sr. limpio | jack sparrow
        | mary poppins | peter pan | robin hood | winnie pooh | don camillo | pippi langstrumpf
        | ronald weasley | jean paul | jean paul gaultier | carolina herrera | giorgio armani
        | dolce gabbana | estée lauder | elizabeth arden | helena rubinstein
        | mother teresa | mère teresa | madre teresa | matka teresa
        | paco rabanne | yves rocher | nina ricci | jean louis david""".split()
    ).split(" | ")
)


# "Product name: Galaxy", "Store name: …": a name label after one of these names a thing
THING_WORDS = frozenset(
    """product store shop brand file user company business item model street branch
    account device network wifi app team department produkt firma marke artikel datei
    produit magasin marque entreprise fichier producto tienda marca empresa archivo
    winkel merk bedrijf bestand sklep marka firmy produktu pliku""".split()
)


# More given names, from the countries whose customers the first list missed (Irish,
# Scottish, Welsh, Nordic, Finnish, Greek, Swiss, Italian, Portuguese, Baltic, Central
# and Eastern European, Turkish, Arabic, South and East Asian, African), written out by
# hand. Left out, as above: those that are also ordinary words, months or places.
# (The gender-guesser package's nam_dict.txt would be larger, but it is GPLv3 and its
# data GFDL, which the project's permissive-only rule for dependencies rules out.)
MORE_GIVEN_NAMES = frozenset(
    """
    aisling aoibhe aoibheann bláthnaid blathnaid caoimhe caoimhín caoimhin cathal ciarán
    ciaran cillian clodagh conall conor cormac dara deirdre dervla donal dónal éabha eabha
    éanna eanna eimear eithne emer fionn fionnuala gráinne grainne liadh lorcan máire
    maire mairéad mairead méabh meabh muireann nuala oisín oisin orla orlaith pádraig
    pádraigín padraigin peadar rónán róisín roisin saoirse séamus seamus sinéad sinead
    síofra siofra tadhg tiernan úna eoghan fiachra diarmuid darragh odhrán oran
    ailsa catriona ciorstaidh coinneach ewan euan fraser greer isla lachlan mhairi
    murdo ruaridh rory seonaid struan torquil alasdair ailidh
    aled bethan bronwen carys cerys dafydd delyth dylan eira eleri emrys ffion
    gareth geraint glyn gruffydd gwen gwenllian gwyneth huw iestyn ifan ioan iolo lowri
    meinir nerys owain rhian rhiannon rhodri sian siân tegan tomos
    aase åse agnar anders anna-karin annika arne astrid birger birgitta bjørn bjorn
    bodil britt britta dagny einar eirik elin elsa erland espen frida gudrun gunhild
    gunnar gustav hallvard halvor helle henrik hilde hjalmar idun ingeborg inger ingrid
    ingvild jarl jens jorunn kari karin kjell knut kristin kristoffer lasse leif linnea
    liv magnhild magnus malin merete mette mikkel morten nils oddvar ole oskar
    pernille ragnar ragnhild rasmus reidun runa rune sigrun sindre siri solveig
    steinar stina svein sverre synnøve terje thor thorsten tora torbjørn torbjorn
    tove trond turid ulf ulla ulrik vibeke vidar viggo yngve åsa asa øystein oystein
    björk bjork guðrún gudrun hekla jón jon sigurður sigurdur þóra thora
    aino eero eija hanna-leena heikki ilkka jaakko jari juha juhani jukka kaarina kirsi
    lauri leena maija marjatta matti minna mikko niina oskari päivi paivi pekka pirjo
    riikka risto sari satu seppo sirpa tapio tarja teemu tuomas tuula ville
    anastasia athanasios christos dimitra dimitrios dimitris eleni evangelia georgios
    giorgos ioanna ioannis kalliopi katerina konstantinos kostas nikolaos nikos panagiotis
    panagiota paraskevi spyridon spyros stavros theodoros vasileios vasiliki vassilis
    yannis yiannis zoi eirini angeliki despina chrysa charalambos
    reto urs ueli ruedi fritz kaspar mathis jolanda vreni regula rahel corinne
    seraina gian flurin ladina curdin mirjam röbi nadja dölf
    alessia alessio beatrice benedetta carla carlo chiara cristiano daniele davide
    elisa emanuele enrico ettore fabio fabrizio filippo gianluca gianni giacomo giorgio
    giuliana giulio ilaria leonardo lucia ludovica maddalena manuela marcello martina
    massimo maurizio michele nicola nicoletta noemi ornella pietro raffaele riccardo
    roberta rocco salvatore sergio silvio simona simone stefano tommaso valentina
    vittoria vittorio
    afonso beatriz bruno catarina conceição diogo duarte fernanda gonçalo goncalo joão
    joao leonor mafalda marisa nuno sebastião tiago vasco inês
    agnė aistė andrius audrius dainius gintaras jurgis justė lina mantas rasa tomas
    vytautas žygimantas zygimantas jānis janis kristaps līga liga māris maris
    aivar kadri kristjan liis maarja priit triin
    anikó ágnes agnes andrás andras attila balázs balazs csaba erzsébet gábor gabor
    gergely istván istvan józsef katalin krisztina lászló laszlo márta mihály nóra
    péter tamás tamas zoltán zoltan zsófia zsofia zsuzsanna
    adriana alexandru andreea bogdan cătălina catalina cristian dumitru florin gheorghe
    ioana iulia mihai mihaela radu raluca sorin vlad
    aleš bohumil dušan dusan františek frantisek jiří jiri kateřina katerina lenka
    miroslav ondřej ondrej petr radek tereza vojtěch zdeněk zdenek
    blanka branislav dragan goran ivana jelena marija marko miloš milos nikola
    snežana vesna zoran željko zeljko
    bohdan dmytro halyna kateryna mykola mykhailo oleksandr oleksii oksana taras
    vasyl volodymyr yulia yuliia anatoly boris ekaterina galina igor ludmila
    mikhail nikolai pavel svetlana tatiana vladimir yekaterina yuri
    ahmet ali ayşegül aysegul burak cem deniz elif emine esra gökhan gokhan hakan
    hülya hulya kemal mustafa özge ozge selin serkan sibel tuncay yusuf zehra
    abdallah abdullah abdulrahman abdelkader abdelaziz adel ahlam amal amir amira anas
    asma ayman aziz badr bassam basma bushra dalia farah faris fatiha fouad ghada habib
    hadi hala hamid hana hanan hatem haytham hiba houda hussain iman jamal jamila karima
    khadija khaled lamia latifa layla lina loubna majid malak malika marwa maryam mehdi
    mona mounir nabil nadia naima najib nawal nour noura omar othman rachid rania rashid
    reem saad sabah saida salah saleh salim salma sami samir sana sara sofiane
    souad suleiman tarek wael walid yacine yasmina yassine youssef zakaria zayed
    zineb zohra abbas hossein reza mahmoud mohammad mohamed mohammed ahmad
    aarav aditya akash amita anjali arun ashok asha deepa devi divya ganesh gita gopal
    harish jaya kavita kiran krishna kumar lalita manoj meena mohan nikhil nisha
    pooja pradeep prakash rajesh ramesh ravi rekha rohit sachin sanjay santosh sarita
    shanti shreya sneha sunil suresh usha vijay vinod
    akiko akira atsushi ayumi chiharu daisuke emiko haruka haruki hideo hiroko hitomi
    junko kaori kazuki kazuo keiko kenta kyoko makoto mariko masako masato megumi
    michiko minoru miyuki naoki naoko noriko reiko ryota sachiko satoshi shinji
    shota sota takashi takeshi takumi taro tomoko yoko yoshiko yuka yukiko yumi yusuke
    ji-ho ji-woo min-jun seo-yeon soo-jin hyun-woo jae-won eun-ji
    xiaoming xiaoli wei-ling li-na jian mei-ling yan yong zhen zhiwei
    thanh huong linh ngoc nguyen phuong quang tuan
    abena adaeze adewale akosua amara ayodele babajide chiamaka chidi chioma efua emeka
    folake ifeoma kofi kwabena kwesi nkechi obinna olumide tendai thabo themba
    zanele sören soren jörn joern maren silja ingmar itziar aitor iker unai ane amaia
    maialen garazi xabier koldo mikel oihane josu idoia
    """.split()
)
GIVEN_NAMES = GIVEN_NAMES | MORE_GIVEN_NAMES

# particles and stop-words of Arabic-script names: a name after a trigger word runs over
# one to three words and stops at one of these (verbs, prepositions, conjunctions)
ARABIC_STOP = frozenset(
    """يشتكي تشتكي اشتكى اشتكت يطلب تطلب طلب طلبت يريد تريد أراد أرادت دفع دفعت قال
    قالت يقول تقول وصل وصلت وصلني اتصل اتصلت يتصل تتصل اشترى اشترت يسأل تسأل سأل سألت
    جاء جاءت حضر حضرت عاد عادت أرسل أرسلت ارسل ارسلت يرغب ترغب رجع رجعت لديه لديها
    أريد نريد يريدون كان كانت هو هي لم لا ما قد ثم لكن أو او و
    على من في إلى الى عن مع بخصوص حول أن إن
    عند بعد قبل منذ حتى الذي التي هذا هذه سيأتي ستأتي سيحضر ستحضر سيستلم ستستلم يأتي تأتي
    سوف""".split()
)
# common Arabic given names in Arabic script: after a customer word (a weak cue), a single
# word counts as a name only when it is one of these (verbs follow customer words too:
# "العميل انتظر", the customer waited)
ARABIC_GIVEN = frozenset(
    """محمد أحمد احمد علي عمر خالد يوسف إبراهيم ابراهيم حسن حسين مصطفى محمود سعيد سمير كريم
    طارق ياسر وليد فيصل ناصر سالم سلمان سليمان ماجد رامي هشام عادل جمال كمال نبيل زياد مراد
    رشيد عماد أنس انس بلال حمزة إياد اياد آدم ادم يحيى زكريا موسى عيسى عثمان عمرو منصور
    فارس باسل سامي سامر شادي غسان مازن نادر وائل أيمن ايمن أسامة اسامة عبدالله عبدالرحمن
    عبد مالك جابر جعفر صالح صلاح فؤاد فادي حامد حازم رياض قاسم هاني مهدي نزار نضال
    نور فاطمة مريم عائشة خديجة زينب سارة ليلى هالة رنا ريم دينا لينا منى هدى سلمى نادية
    سميرة أمل امل رانيا ياسمين نوال سعاد حنان إيمان ايمان أسماء اسماء شيماء دعاء آمنة
    امنة جميلة لمياء رحاب سهام وفاء نجلاء هند بسمة غادة عبير ملك جنى لجين رهف دانة""".split()
)
# words that join the parts of an Arabic name ("بن", "بنت", "أبو") and do not count
ARABIC_LINKS = frozenset("بن بنت ابن ابنة أبو ابو أم".split())

# cities and regions that follow a particle ("de Bilbao", "van Utrecht") or "from":
# there the name ends ("Nerea Arrieta de Bilbao" is Nerea Arrieta)
CITIES = frozenset(
    """bilbao madrid barcelona sevilla seville valencia málaga malaga zaragoza granada
    toledo córdoba cordoba salamanca valladolid vigo coruña gijón gijon alicante murcia
    palma cádiz cadiz pamplona santander burgos oviedo león leon
    paris lyon marseille lille toulouse bordeaux nantes nice strasbourg rennes grenoble
    montpellier rouen reims dijon brest metz nancy limoges tours orléans orleans
    berlin hamburg münchen munich köln cologne frankfurt stuttgart düsseldorf dusseldorf
    dresden leipzig hannover nürnberg nurnberg bremen bonn wien vienna graz linz salzburg
    innsbruck zürich zurich bern basel genève geneva lausanne luzern lucerne
    amsterdam rotterdam utrecht haarlem leiden delft groningen eindhoven tilburg breda
    maastricht nijmegen arnhem zwolle brussel bruxelles brussels antwerpen antwerp gent
    ghent brugge bruges liège liege namur leuven luxembourg
    warszawa warsaw kraków krakow łódź lodz wrocław wroclaw poznań poznan gdańsk gdansk
    szczecin lublin katowice białystok bialystok
    london manchester birmingham leeds liverpool bristol brighton glasgow edinburgh
    cardiff belfast dublin cork galway limerick newcastle sheffield nottingham leicester
    oxford cambridge york bath
    roma rome milano milan napoli naples torino turin firenze florence venezia venice
    bologna genova palermo lisboa lisbon porto coimbra braga
    athens athina thessaloniki stockholm göteborg gothenburg malmö malmo oslo bergen
    copenhagen københavn aarhus helsinki tampere reykjavik praha prague budapest
    bucharest bucurești sofia zagreb ljubljana belgrade beograd riga vilnius tallinn
    cairo alexandria casablanca rabat marrakech marrakesh fes fez tangier tunis algiers
    oran beirut damascus aleppo amman baghdad riyadh jeddah mecca medina dubai doha
    kuwait muscat manama istanbul ankara izmir""".split()
)

# words just before a title that make the titled name a product ("Mrs. Butterworth's",
# "wódka Pan Tadeusz", "parfum Pani Walewska", "Mr Propre en promo")
PRODUCT_WORDS = frozenset(
    """syrup syrups sirop sirup siroop syrop jarabe vodka wódka wodka gin rum whisky
    whiskey wine wein vin vino wijn wino beer bier bière cerveza piwo perfume perfumes
    perfum perfumy parfum parfüm parfums perfumes fragrance cologne promo promotion
    promocja promoción oferta aanbieding angebot aktion soldes
    bottle bottles bouteille flasche botella fles butelka brand marque marke
    marca merk marka product produit produkt producto produkt aisle rayon regal
    shelf shelves lineal półka cleaner nettoyant reiniger limpiador detergent detergente
    rice riz reis arroz juice jus saft zumo sap sok biscuits cookies""".split()
)

# the end of a street's name built from a person's name ("Willem de Zwijgerlaan")
STREET_SUFFIXES = (
    "laan", "straat", "weg", "gracht", "plein", "kade", "singel", "steeg",
    "straße", "strasse", "gasse", "allee", "platz", "ufer", "damm",
)
# words of a street's name ("Rue", "Calle", "ulica") anywhere in a name's words
STREET_WORDS = frozenset("rue avenue calle carrer ulica ul ul. via straße strasse".split())
