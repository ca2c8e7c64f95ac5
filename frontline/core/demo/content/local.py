"""Observations written in the store's own language: French (Lyon), German (Köln),
Spanish (Madrid), Dutch (Amsterdam, Antwerpen) and Polish (the Wrocław contact centre).
Slots here are only numbers, times, days, amounts, dates and names."""

TEXT = """
# ---- français (Lyon, électronique) ----------------------------------------------------

@ pain queue_wait at=e ch=in_store ct=e6u4 sev=2-4 sw=.12 w=2 lang=fr
s Attente trop longue en caisse {samedi|ce midi|vers {time}}
s Une seule caisse ouverte à {time}, file jusqu'au rayon TV
d File d'attente de {mins} minutes. {Plusieurs clients ont laissé leurs articles et sont partis.|On n'était que deux en caisse.}
q Ça fait {mins} minutes que j'attends pour un câble.
q! C'est toujours pareil le samedi, la prochaine fois je commande ailleurs.
a J'ai ouvert la caisse de l'accueil.
g Une personne en renfort en caisse le samedi de 14h à 18h.

@ pain product_quality at=e ch=in_store,phone ct=e8u2 sev=3-4 sw=.15 w=2 lang=fr
s {Aspirateur robot|Casque sans fil|Machine à café|Ordinateur portable} en panne après {days} jours
s Client mécontent : réparation SAV trop longue
d Acheté il y a {days} jours, {ne s'allume plus|redémarre sans arrêt}. {On lui propose 3 semaines de réparation.|C'est déjà le deuxième.} Le client veut un échange immédiat.
q Je l'ai depuis même pas deux semaines !
q! Si vous ne l'échangez pas, je ne remets plus les pieds ici.
a Échange fait sur place, c'était dans les 30 jours.
g Échange direct pour toute panne dans le premier mois.

@ pain click_collect at=e ch=in_store,web_app ct=e8u2 sev=2-3 sw=.1 lang=fr
s Retrait en magasin : commande pas prête malgré le mail{| de confirmation}
s Click & collect : client venu pour rien{|, colis pas arrivé}
d Le client a reçu le mail « commande prête » hier mais le colis est arrivé à {time} aujourd'hui. {Il s'est déplacé pour rien.|Deuxième fois ce mois-ci.}
q Pourquoi m'envoyer un mail si ce n'est pas prêt ?
a Proposé la livraison gratuite à domicile.
g N'envoyer le mail qu'une fois le colis scanné en magasin.

@ pain price_label at=e ch=in_store ct=e6u4 sev=2-3 sw=.1 lang=fr
s Prix en rayon {amount}, {higher} en caisse
s Étiquette pas à jour sur les écouteurs
d L'étiquette électronique n'a pas été mise à jour après la fin de la promo. Le client l'a remarqué en caisse.
q C'est écrit {amount} sur l'étiquette.
a Prix en rayon appliqué, étiquette corrigée.

@ pain refund at=e ch=in_store,phone ct=e7u3 sev=2-4 sw=.12 lang=fr
s Remboursement toujours pas reçu après {days} jours
d Retour fait en magasin il y a {days} jours, rien sur le compte du client. {Il a appelé le service client deux fois.|Le remboursement est bloqué dans le système.}
q Pour encaisser vous êtes rapides, pour rembourser beaucoup moins.
q! Rendez-moi mon argent et vous ne me reverrez plus.
a Relancé la compta et promis un rappel {jeudi|vendredi|lundi}.

@ praise staff_knowledge at=e ch=in_store ct=e6u2p2 w=2 lang=fr
s Client très content des conseils de {colleague} au rayon informatique
s Bravo à {colleague} : client ravi du service
d {colleague} a pris le temps de comparer trois modèles avec lui. {Il est revenu exprès pour remercier.|Il a dit qu'il reviendrait pour son prochain achat.}
q Enfin un vendeur qui ne pousse pas à la dépense !

@ idea website_app/it at=e ch=web_app,in_store ct=e5u5 sev=- lang=fr
s Idée : afficher le stock {par magasin|du magasin} en temps réel sur {l'appli|le site}
d Beaucoup de clients viennent pour un produit « en stock » sur le site qui n'est plus en rayon.
g Mettre à jour le stock du site toutes les 15 minutes.

@ pain delivery_late at=e ch=delivery,phone ct=e8u2 sev=3-4 sw=.2 lang=fr
s Livraison {du lave-linge|du frigo|du lave-vaisselle} annulée le jour même
d Le client avait posé sa journée. Aucun appel, aucun SMS. {Nouvelle date dans {days} jours.|Le transporteur dit que l'adresse était introuvable.}
q J'ai posé un jour de congé pour rien.
q! C'est la dernière fois que je commande du gros électroménager chez vous.
a Remboursé les frais de livraison et reprogrammé en priorité.

# ---- Deutsch (Köln, Baumarkt) --------------------------------------------------------------

@ pain staff_availability at=d ch=in_store ct=e6u4 sev=2-3 sw=.08 w=2 lang=de
s Kein Mitarbeiter {in der Holzabteilung|am Holzzuschnitt} {am {day}|ab {time}}
d Kunde hat {mins} Minuten gewartet, weil niemand die Säge bedienen konnte. {Nur eine Kollegin ist dafür eingewiesen.|Der Kollege war in der Pause.}
q Ich warte hier seit {mins} Minuten.
q! Dann fahre ich eben zum Fachhandel.
a Kollegen aus dem Lager geholt.
g Mehr Leute an der Säge einweisen.

@ pain out_of_stock at=d ch=in_store ct=e6u2p2 sev=2-4 sw=.12 w=2 lang=de
s {Fliesenkleber|Blumenerde|Terrassendielen|Rigipsplatten} schon wieder ausverkauft
s Kunde braucht noch {n} Pakete Laminat aus derselben Charge, nichts mehr da
d Kunde ist mitten im Projekt. {Nächste Lieferung erst am {day}.|Andere Charge hat einen anderen Farbton.} {Handwerker ist schon bestellt.|Er ist extra {n}0 Minuten gefahren.}
q Ich kann doch nicht den halben Boden liegen lassen.
q! Wenn das so weitergeht, kaufe ich alles beim Baustoffhandel.
a In der Filiale in Porz angerufen, dort lagen noch {n} Pakete.

@ pain invoice_error at=d ch=in_store,email ct=e8u2 sev=2-4 sw=.15 lang=de
s Gewerbekunde: Rechnung ohne Firmenrabatt
s Sammelrechnung falsch – Lieferkosten doppelt berechnet
d Der Handwerkerrabatt wurde bei {n} Einkäufen nicht abgezogen. {Sein Steuerberater hat die Rechnung zurückgeschickt.|Das ist schon der dritte Monat.}
q So kann ich das nicht bezahlen.
q! Noch einmal, und wir wechseln zum Großhändler.
a Reklamation an die Buchhaltung weitergegeben, Zahlung bis zur Klärung gestoppt.

@ pain parking at=d ch=in_store ct=e6u4 sev=1-3 lang=de
s Ladezone {ständig|schon wieder|am {day}} zugeparkt
d Kunden mit schweren Sachen (Zement, Platten) müssen quer über den Parkplatz tragen. {Es hat geregnet.|Ein älterer Kunde hat sich beschwert.}
q Wo soll ich das denn einladen?
a Dem Kunden beim Tragen geholfen.
g Ladezone markieren und Schild aufstellen.

@ pain product_quality at=d ch=in_store ct=e7u3 sev=2-3 sw=.1 lang=de
s Akkuschrauber nach {days} Tagen defekt
s Wandfarbe passt nicht zur Farbkarte
d {Akku lädt nicht mehr.|Die Farbe ist deutlich dunkler als beim letzten Mal.} Kunde hat den Kassenbon dabei.
q Die halbe Wand hat jetzt eine andere Farbe.
a Farbe neu gemischt und mit der Probe verglichen.

@ praise staff_knowledge at=d ch=in_store ct=e5u2p3 w=2 lang=de
s Großes Lob für {colleague} an der Fachberatung
d {colleague} hat dem Kunden genau erklärt, wie er die Dusche abdichtet. {Er kam heute wieder, um sich zu bedanken.|Alles hat geklappt.}
q Ihr Kollege hat mir einen teuren Fehler erspart.

@ idea range_gap/product at=d ch=in_store ct=e5u2p3 sev=- lang=de
s Idee: {Werkzeugverleih|Geräteverleih} für {große Geräte|Fliesenschneider und Vertikutierer}
d Viele Kunden brauchen einen Fliesenschneider oder Vertikutierer nur einmal. {Andere Märkte bieten das an.|Kunden fragen jede Woche danach.}
g Verleih an der Servicetheke, Kaution per Karte.

@ pain store_environment at=d ch=in_store ct=e5u5 sev=1-2 lang=de
s Gänge mit Paletten zugestellt {am {day}|ab {time}}
d Die Ware von der Frühlieferung stand noch mittags im Gang. Kunde mit Kinderwagen kam nicht durch.
a Paletten nach hinten gefahren.
g Ware vor der Öffnung verräumen.

# ---- español (Madrid, bricolaje) ------------------------------------------------------------

@ pain queue_wait at=d ch=in_store ct=e6u4 sev=2-4 sw=.12 w=2 lang=es
s Cola muy larga en caja {el {day}|a las {time}}
s Solo una caja abierta a las {time}
d Los clientes esperaron unos {mins} minutos. {Algunos dejaron la compra y se fueron.|Éramos dos en caja y uno en el descanso.}
q Llevo {mins} minutos para pagar un tornillo.
q! Todos los sábados igual. La próxima vez me voy a otra tienda.
a Abrí la caja de atención al cliente.
g Reforzar las cajas los sábados por la mañana.

@ pain delivery_late at=d ch=delivery,phone ct=e8u2 sev=3-4 sw=.2 lang=es
s Entrega de la encimera retrasada {days} días
s El transportista no vino y nadie avisó
d El cliente tenía a los albañiles contratados. {Nadie le llamó.|Le cambiaron la fecha dos veces.}
q Tengo a los obreros parados por vuestra culpa.
q! No vuelvo a comprar nada grande aquí.
a Reprogramada la entrega para el primer hueco y devuelto el coste del envío.

@ pain staff_knowledge at=d ch=in_store ct=e5u2p3 sev=2-3 lang=es
s Cliente pidió consejo sobre {impermeabilizar una terraza|instalar un grifo|pintar azulejos} y nadie supo ayudar
d El compañero de la sección estaba de vacaciones. {El cliente se fue sin comprar.|Le dimos información contradictoria.}
q Solo necesito que alguien me explique qué producto usar.
g Fichas de consejo junto a los productos.

@ pain refund at=d ch=in_store ct=e6u4 sev=2-3 sw=.1 lang=es
s Devolución rechazada por no traer el ticket{| de compra}
s Cliente sin ticket: solo pudimos ofrecer un vale
d Pagó con tarjeta, lo vimos en el sistema, pero la norma pide ticket. Solo pudimos ofrecer un vale.
q ¡Si lo estáis viendo en la pantalla!
q! Quedaos el vale, no vuelvo.
a Hablé con {colleague} y lo dejamos anotado para el encargado.

@ praise delivery_late/shipping at=d ch=delivery,phone ct=e7u3 lang=es
s Cliente encantado con los montadores {de la cocina|del armario|de la mampara}
d Llegaron puntuales, montaron todo y se llevaron los embalajes. El cliente llamó para dar las gracias.
q Da gusto así. Gracias.

@ praise staff_knowledge at=d ch=in_store ct=e5u3p2 w=2 lang=es
s Una clienta felicitó a {colleague} por su paciencia
d {colleague} le ayudó a elegir la pintura y le dio muestras para probar en casa. Volvió a comprar todo aquí.
q Muy amable, me lo explicó todo.

@ idea click_collect/shipping at=d ch=in_store,web_app ct=e6u4 sev=- lang=es
s Idea: taquillas para recoger pedidos {fuera de horario|a primera hora}
d Muchos profesionales quieren recoger material a primera hora, antes de abrir.
g Taquillas en el aparcamiento con código por SMS.

@ pain parking at=d ch=in_store ct=e6u4 sev=1-2 lang=es
s Parking lleno {los sábados|el {day}|a partir de las {time}}, clientes se van
d A partir de las {time} no hay sitio. {Coches de otro centro comercial ocupan las plazas.|La barrera estaba estropeada.}
q He dado tres vueltas y me voy.

# ---- Nederlands (Amsterdam, supermarkt; Antwerpen, mode) --------------------------------

@ pain out_of_stock at=g ch=in_store ct=e6u3p1 sev=2-3 sw=.1 w=2 lang=nl
s {Havermelk|Volkorenbrood|Bananen|Verse pasta} {weer uitverkocht|al op om {time}}
s Lege schappen bij de zuivel {op {day}|vanochtend}
d {De levering kwam te laat.|Er stond nog genoeg in het magazijn maar niemand had tijd om bij te vullen.} {Derde klant die erom vraagt.|Klant kwam er speciaal voor.}
q Elke keer als ik kom is het op.
q! Dan ga ik voortaan naar de buurtsuper.
a In het magazijn gekeken en nog {n} dozen gevonden.
g Zuivel voor tien uur bijvullen.

@ pain self_checkout at=g ch=in_store ct=e6u4 sev=2-3 sw=.08 w=2 lang=nl
s Zelfscankassa blijft "onverwacht artikel" geven
s Lange wachttijd voor controle bij de zelfscan
d {Maar één collega voor {n} zelfscankassa's.|De weegschaal reageert op eigen tassen.} Klanten stonden te zwaaien om hulp.
q Ik scan zelf en moet alsnog wachten.
a De zelfscan overgenomen tot de rij weg was.

@ pain price_label at=g ch=in_store ct=e6u4 sev=2-3 sw=.1 lang=nl
s Prijs op het schap {amount}, aan de kassa {higher}
d De aanbieding was afgelopen maar het bordje hing er nog. {Klant was terecht boos.|Tweede keer deze week.}
q Dit staat toch echt op jullie bordje.
a Schapprijs gegeven en het bordje weggehaald.

@ pain delivery_damage at=g ch=delivery,phone ct=e8u2 sev=2-3 sw=.1 lang=nl
s Online boodschappen: {eieren kapot|diepvries ontdooid|producten ontbraken}
d {Tas met diepvries kwam zacht aan.|Drie producten ontbraken maar waren wel betaald.} Klant moet dingen weggooien.
q! Als dit nog eens gebeurt, bestel ik bij een ander.
a Ontbrekende producten terugbetaald.

@ praise product_quality at=g ch=in_store ct=e6u4 w=2 lang=nl
s Complimenten voor het brood van de bakkerij{| vandaag}
d Vaste klant zegt dat het brood beter is dan bij de bakker op de hoek. Komt er speciaal voor.
q Wat jullie ook doen met het brood, niet veranderen!

@ idea product_quality/product at=g ch=in_store ct=e5u5 sev=- lang=nl
s Idee: "buitenbeentjes"-{groente|fruit} met korting
d Klanten vragen naar scheve groente voor minder geld. Minder verspilling en meer verkoop.
g Een krat buitenbeentjes bij de ingang voor de halve prijs.

@ pain queue_wait at=f ch=in_store ct=e6u4 sev=2-3 sw=.08 w=2 lang=nl
s Lange rij voor de paskamers {op {day}|rond {time}}
d {Maar {n} paskamers open.|Niemand bij de paskamers.} De rij stond tot aan de kassa.
q Ik ga niet {mins} minuten wachten om een broek te passen.
a De gesloten paskamers opengezet.

@ pain out_of_stock at=f ch=in_store,web_app ct=e5u3p2 sev=2-3 sw=.08 lang=nl
s Geen grote maten meer van de nieuwe {jeans|winterjas|trui}
d Online staan alle maten, in de winkel alleen de kleine. {Klant wilde passen.|Gebeurt elk seizoen.}
q! Dan bestel ik wel bij een ander waar ze mijn maat wel hebben.
a Voor de klant besteld met gratis levering in de winkel.

@ praise staff_knowledge at=f ch=in_store ct=e6u2p2 w=2 lang=nl
s Klant heel blij met het advies van {colleague}
d {colleague} heeft een complete outfit voor een bruiloft samengesteld. Klant kwam terug om te bedanken.
q Zo'n goede hulp krijg je bijna nergens meer.

@ pain refund at=f ch=in_store ct=e6u4 sev=2-3 sw=.1 lang=nl
s Retour geweigerd: na 30 dagen{| en zonder bon}
s Klant boos: geen geld terug na {32|33|35|40} dagen
d Klant was {n} dagen te laat. We konden alleen een tegoedbon geven. {Klant was erg teleurgesteld.|Het was een cadeau.}
q Twee dagen te laat en dan niks?
a Tegoedbon gegeven en doorgezet naar de bedrijfsleider.

# ---- polski (Wrocław, contact centre) --------------------------------------------------

@ pain contact_centre at=c ch=phone ct=e8u2 sev=2-4 sw=.15 w=2 lang=pl
s Klient czekał {hold} minut na połączenie
s Długi czas oczekiwania na infolinii {dzisiaj|od rana|około {time}}
d Klient był {hold} minut na linii, {a sprawa zajęła dwie minuty.|raz go rozłączyło.} {Kolejka była długa cały dzień.|Brakowało dwóch osób na zmianie.}
q Czekam {hold} minut, żeby zadać jedno pytanie.
q! Jeszcze raz tak długo i rezygnuję z zamówienia.
a Przeprosiny i wszystko załatwione w jednej rozmowie.
g Oddzwanianie, gdy czas oczekiwania przekracza 10 minut.

@ pain delivery_late at=c ch=phone,chat,email ct=e8u2 sev=3-4 sw=.2 w=2 lang=pl
s Kurier nie dostarczył paczki, status „doręczono”
s Zamówienie opóźnione o {days} dni, brak informacji
d {Klient był cały dzień w domu, a w systemie jest „nieobecny”.|Paczka utknęła w sortowni.} Klient dzwoni już kolejny raz.
q Byłem w domu cały dzień!
q! Więcej u was nie zamówię.
a Wysłana nowa paczka, reklamacja zgłoszona do kuriera.

@ pain refund at=c ch=phone,email,chat ct=e8u2 sev=2-4 sw=.12 lang=pl
s Zwrot pieniędzy nie dotarł po {days} dniach
d Klient odesłał towar {days} dni temu. Zwrot utknął w systemie. {Dzwonił już trzy razy.|Potrzebuje tych pieniędzy.}
q Pobrać pieniądze potraficie w sekundę.
a Zgłoszone do księgowości, telefon do klienta obiecany do piątku.

@ pain website_app at=c ch=web_app,chat ct=e6u3p1 sev=2-3 sw=.1 lang=pl
s Klient nie może zapłacić w aplikacji{| – błąd przy płatności| – ekran się zawiesza}
d Aplikacja pokazuje „coś poszło nie tak” na ekranie płatności. {Próbował trzy razy.|Nie wie, czy pieniądze zostały pobrane.}
q Nie będę się męczyć z tą aplikacją.
a Zamówienie złożone za klienta przez telefon.

@ pain invoice_error at=c ch=email,phone ct=e8u2 sev=2-3 sw=.08 lang=pl
s Faktura z błędnym NIP-em
s Klient firmowy nie dostał faktury VAT
d Firma potrzebuje poprawnej faktury do księgowości. {Prosili o korektę dwa razy.|Faktura przyszła na starą nazwę firmy.}
q Księgowa nie przyjmie takiej faktury.
a Korekta zgłoszona do działu fakturowania.

@ praise contact_centre at=c ch=phone,chat ct=e8u2 w=2 lang=pl
s {colleague} – podziękowania od klientki za cierpliwość
d Starsza pani nie radziła sobie z zamówieniem online; z pomocą konsultanta ({colleague}) udało się wszystko krok po kroku.
q Bardzo miła obsługa, wszystko mi wytłumaczono.

@ idea contact_centre/customer_service at=c ch=phone,chat,email ct=e5u5 sev=- lang=pl
s Pomysł: jeden numer sprawy dla {telefonu, czatu i maila|wszystkich kanałów}
d Klienci powtarzają tę samą historię za każdym razem. Jeden numer sprawy skróciłby rozmowy.
g Wspólna historia kontaktów widoczna dla każdego konsultanta.

@ pain staff_knowledge/hr at=c ch=phone,chat ct=e7u3 sev=2-3 lang=pl
s Nowi konsultanci nie znają procedury {zwrotów dla zamówień dzielonych|reklamacji gwarancyjnych}
d Klient był przełączany {n} razy. {Nowe osoby nie miały jeszcze szkolenia.|Artykuł w bazie wiedzy jest nieaktualny.}
q Czy ktoś u was wie, jak działa wasz system?
g Szkolenie z tego modułu w pierwszym tygodniu.
"""
