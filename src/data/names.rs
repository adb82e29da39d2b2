//! Sample names, places and streets of every Member State, in their own spelling and
//! script, for the test-data generator.
//!
//! Made-up combinations of common names: never a list of real persons.

use crate::country::Country;

/// What the generator draws from for the nationals of one Member State.
pub(crate) struct Nationals {
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    /// Surnames as borne by men (or by anyone, where surnames have no gender).
    pub surnames: &'static [&'static str],
    /// The same surnames as borne by women, in the same order; empty where they do
    /// not change.
    pub female_surnames: &'static [&'static str],
    /// Towns and cities, for places of birth and home localities.
    pub places: &'static [&'static str],
    /// Addresses, with `#` for the house number.
    pub addresses: &'static [&'static str],
}

/// The sample names of `country`.
pub(crate) fn nationals(country: Country) -> &'static Nationals {
    &NATIONALS[country.index()]
}

#[rustfmt::skip]
static NATIONALS: [Nationals; 27] = [
    // AT
    Nationals {
        male: &["Lukas", "Maximilian", "Jakob", "Florian", "Johann", "Stefan", "Matthias", "Andreas", "Jürgen", "Franz Josef"],
        female: &["Anna", "Katharina", "Lena", "Sophie", "Theresa", "Johanna", "Elisabeth", "Magdalena", "Ingrid", "Anna-Maria"],
        surnames: &["Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner", "Moser", "Mayer", "Hofer", "Leitner", "Berger", "Fuchs", "Eder", "Weiß", "Pölzl", "Brandstätter", "Höller"],
        female_surnames: &[],
        places: &["Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt am Wörthersee", "Sankt Pölten", "Villach", "Wels", "Dornbirn"],
        addresses: &["Mariahilfer Straße #, 1060 Wien", "Herrengasse #, 8010 Graz", "Landstraße #, 4020 Linz", "Getreidegasse #, 5020 Salzburg"],
    },
    // BE
    Nationals {
        male: &["Lucas", "Arthur", "Louis", "Noah", "Jules", "Adam", "Victor", "Wout", "Jean-Pierre", "Pieter-Jan"],
        female: &["Emma", "Olivia", "Louise", "Mila", "Elise", "Marie", "Anaïs", "Noor", "Lotte", "Chloé"],
        surnames: &["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Van den Broeck", "Vandenberghe", "Lefèvre", "Verstraeten"],
        female_surnames: &[],
        places: &["Bruxelles", "Antwerpen", "Gent", "Charleroi", "Liège", "Brugge", "Namur", "Leuven", "Mons", "Eupen"],
        addresses: &["Rue de la Loi #, 1040 Bruxelles", "Meir #, 2000 Antwerpen", "Korenmarkt #, 9000 Gent", "Rue Saint-Gilles #, 4000 Liège"],
    },
    // BG
    Nationals {
        male: &["Георги", "Иван", "Димитър", "Николай", "Петър", "Христо", "Стоян", "Йордан", "Васил", "Любомир"],
        female: &["Мария", "Иванка", "Елена", "Йорданка", "Пенка", "Десислава", "Гергана", "Радка", "Цветелина", "Божидара"],
        surnames: &["Иванов", "Георгиев", "Димитров", "Петров", "Николов", "Христов", "Стоянов", "Тодоров", "Йорданов", "Попов", "Ангелов", "Костадинов"],
        female_surnames: &["Иванова", "Георгиева", "Димитрова", "Петрова", "Николова", "Христова", "Стоянова", "Тодорова", "Йорданова", "Попова", "Ангелова", "Костадинова"],
        places: &["София", "Пловдив", "Варна", "Бургас", "Русе", "Стара Загора", "Плевен", "Сливен", "Велико Търново", "Благоевград"],
        addresses: &["ул. „Граф Игнатиев“ #, 1000 София", "бул. „Мария Луиза“ #, 4000 Пловдив", "ул. „Преслав“ #, 9000 Варна"],
    },
    // CY
    Nationals {
        male: &["Ανδρέας", "Γιώργος", "Κώστας", "Χρίστος", "Μιχάλης", "Παναγιώτης", "Σάββας", "Νίκος", "Λοΐζος", "Ευαγόρας"],
        female: &["Μαρία", "Ελένη", "Άννα", "Χριστίνα", "Γεωργία", "Ανδρονίκη", "Παναγιώτα", "Δέσποινα", "Στέλλα", "Ραφαέλα"],
        surnames: &["Γεωργίου", "Χαραλάμπους", "Κωνσταντίνου", "Ιωάννου", "Νικολάου", "Χριστοδούλου", "Αντωνίου", "Σάββα", "Λοΐζου", "Παπαδόπουλος", "Ευαγγέλου", "Κυριάκου"],
        female_surnames: &["Γεωργίου", "Χαραλάμπους", "Κωνσταντίνου", "Ιωάννου", "Νικολάου", "Χριστοδούλου", "Αντωνίου", "Σάββα", "Λοΐζου", "Παπαδοπούλου", "Ευαγγέλου", "Κυριάκου"],
        places: &["Λευκωσία", "Λεμεσός", "Λάρνακα", "Πάφος", "Αμμόχωστος", "Κερύνεια", "Παραλίμνι", "Μόρφου"],
        addresses: &["Λεωφόρος Μακαρίου Γ΄ #, 1065 Λευκωσία", "Οδός Ανεξαρτησίας #, 3036 Λεμεσός", "Οδός Ερμού #, 6021 Λάρνακα"],
    },
    // CZ
    Nationals {
        male: &["Jiří", "Jan", "Petr", "Josef", "Pavel", "Tomáš", "Martin", "Jaroslav", "Lukáš", "Vojtěch"],
        female: &["Jana", "Marie", "Eva", "Hana", "Anna", "Lenka", "Kateřina", "Věra", "Lucie", "Zdeňka"],
        surnames: &["Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák", "Němec", "Růžička", "Křížek"],
        female_surnames: &["Nováková", "Svobodová", "Novotná", "Dvořáková", "Černá", "Procházková", "Kučerová", "Veselá", "Horáková", "Němcová", "Růžičková", "Křížková"],
        places: &["Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "České Budějovice", "Hradec Králové", "Ústí nad Labem", "Pardubice"],
        addresses: &["Václavské náměstí #, 110 00 Praha 1", "Masarykova #, 602 00 Brno", "Nádražní #, 702 00 Ostrava"],
    },
    // DE
    Nationals {
        male: &["Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Jürgen", "Klaus", "Wolfgang", "Karl-Heinz", "Günter"],
        female: &["Sophie", "Marie", "Hannah", "Ursula", "Sabine", "Jutta", "Monika", "Käthe", "Anna-Lena", "Brigitte"],
        surnames: &["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Richter", "Schröder", "Neumann", "Zimmermann", "Krüger", "Weiß", "Groß", "Köhler", "von Bülow"],
        female_surnames: &[],
        places: &["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig", "Nürnberg", "Lübeck"],
        addresses: &["Friedrichstraße #, 10117 Berlin", "Königsallee #, 40212 Düsseldorf", "Maximilianstraße #, 80539 München", "Schildergasse #, 50667 Köln"],
    },
    // DK
    Nationals {
        male: &["Søren", "Jens", "Niels", "Mads", "Rasmus", "Anders", "Bjørn", "Frederik", "Jørgen", "Aksel"],
        female: &["Mette", "Anne", "Kirsten", "Hanne", "Sørine", "Ida", "Freja", "Signe", "Birgitte", "Åse"],
        surnames: &["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Møller", "Kjærgaard", "Østergaard", "Bæk"],
        female_surnames: &[],
        places: &["København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Helsingør", "Næstved", "Køge"],
        addresses: &["Nørregade #, 1165 København K", "Søndergade #, 8000 Aarhus C", "Vestergade #, 5000 Odense C"],
    },
    // EE
    Nationals {
        male: &["Jaan", "Toomas", "Mart", "Priit", "Andres", "Tõnu", "Jüri", "Rein", "Märt", "Ülo"],
        female: &["Mari", "Kadri", "Tiina", "Liis", "Triin", "Külli", "Ülle", "Maarja", "Siiri", "Õie"],
        surnames: &["Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Kõiv", "Lõhmus", "Männik", "Õunapuu"],
        female_surnames: &[],
        places: &["Tallinn", "Tartu", "Narva", "Pärnu", "Kohtla-Järve", "Viljandi", "Rakvere", "Võru", "Kuressaare"],
        addresses: &["Pärnu mnt #, 10141 Tallinn", "Rüütli #, 51007 Tartu", "Tallinna mnt #, 20303 Narva"],
    },
    // EL
    Nationals {
        male: &["Γεώργιος", "Ιωάννης", "Κωνσταντίνος", "Δημήτριος", "Νικόλαος", "Παναγιώτης", "Βασίλειος", "Χρήστος", "Αθανάσιος", "Ευάγγελος"],
        female: &["Μαρία", "Ελένη", "Αικατερίνη", "Βασιλική", "Σοφία", "Αγγελική", "Δήμητρα", "Ευαγγελία", "Γεωργία", "Ιωάννα"],
        surnames: &["Παπαδόπουλος", "Παπαγεωργίου", "Οικονόμου", "Γεωργίου", "Βλάχος", "Αγγελόπουλος", "Νικολάου", "Μακρής", "Δημητρίου", "Κωνσταντινίδης", "Καραγιάννης", "Ιωαννίδης"],
        female_surnames: &["Παπαδοπούλου", "Παπαγεωργίου", "Οικονόμου", "Γεωργίου", "Βλάχου", "Αγγελοπούλου", "Νικολάου", "Μακρή", "Δημητρίου", "Κωνσταντινίδου", "Καραγιάννη", "Ιωαννίδου"],
        places: &["Αθήνα", "Θεσσαλονίκη", "Πάτρα", "Ηράκλειο", "Λάρισα", "Βόλος", "Ιωάννινα", "Χανιά", "Ρόδος", "Καβάλα"],
        addresses: &["Οδός Ερμού #, 105 63 Αθήνα", "Οδός Τσιμισκή #, 546 22 Θεσσαλονίκη", "Οδός Μαιζώνος #, 262 21 Πάτρα"],
    },
    // ES
    Nationals {
        male: &["José", "Antonio", "Manuel", "Francisco", "Javier", "David", "Juan Carlos", "José María", "Jesús", "Íñigo"],
        female: &["María", "Carmen", "Ana", "Isabel", "Lucía", "Laura", "María José", "Begoña", "Nuria", "Pilar"],
        surnames: &["García López", "Martínez Sánchez", "Rodríguez Pérez", "Fernández Gómez", "González Díaz", "Sánchez Muñoz", "Pérez Jiménez", "Gómez Ruiz", "Hernández Álvarez", "Iglesias Núñez", "Ibáñez Ortega", "Castaño Peña", "de la Fuente Orduña"],
        female_surnames: &[],
        places: &["Madrid", "Barcelona", "València", "Sevilla", "Zaragoza", "Málaga", "Bilbao", "A Coruña", "Córdoba", "Logroño"],
        addresses: &["Calle de Alcalá #, 28014 Madrid", "Carrer de Balmes #, 08008 Barcelona", "Avenida de la Constitución #, 41004 Sevilla"],
    },
    // FI
    Nationals {
        male: &["Juhani", "Matti", "Mikko", "Jari", "Timo", "Antti", "Väinö", "Jussi", "Pekka", "Heikki"],
        female: &["Maria", "Anneli", "Sanna", "Päivi", "Kaarina", "Tuula", "Aino", "Sini", "Kyllikki", "Elina"],
        surnames: &["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Ylönen"],
        female_surnames: &[],
        places: &["Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku", "Jyväskylä", "Kuopio", "Hämeenlinna", "Mariehamn"],
        addresses: &["Mannerheimintie #, 00100 Helsinki", "Hämeenkatu #, 33100 Tampere", "Aurakatu #, 20100 Turku"],
    },
    // FR
    Nationals {
        male: &["Jean", "Pierre", "Michel", "François", "Jean-Luc", "Benoît", "Stéphane", "Jérôme", "Théo", "Loïc"],
        female: &["Marie", "Nathalie", "Isabelle", "Sylvie", "Hélène", "Émilie", "Françoise", "Léa", "Chloé", "Maëlle"],
        surnames: &["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Garçon", "Fournier", "Girard", "Lemaître", "Bécourt", "Chevalier", "N'Diaye"],
        female_surnames: &[],
        places: &["Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Besançon", "Orléans"],
        addresses: &["# rue de Rivoli, 75001 Paris", "# cours Lafayette, 69003 Lyon", "# boulevard Gambetta, 67000 Strasbourg"],
    },
    // HR
    Nationals {
        male: &["Ivan", "Marko", "Josip", "Luka", "Tomislav", "Stjepan", "Matej", "Krešimir", "Dražen", "Željko"],
        female: &["Ana", "Marija", "Ivana", "Petra", "Katarina", "Mirjana", "Dubravka", "Snježana", "Đurđica", "Ljiljana"],
        surnames: &["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Kovačić", "Knežević", "Vuković", "Marković", "Petrović", "Matić", "Tomić", "Đurić", "Božić"],
        female_surnames: &[],
        places: &["Zagreb", "Split", "Rijeka", "Osijek", "Zadar", "Pula", "Slavonski Brod", "Karlovac", "Varaždin", "Šibenik"],
        addresses: &["Ilica #, 10000 Zagreb", "Marmontova #, 21000 Split", "Korzo #, 51000 Rijeka"],
    },
    // HU
    Nationals {
        male: &["László", "István", "József", "János", "Zoltán", "Sándor", "Gábor", "Ferenc", "Attila", "Péter"],
        female: &["Mária", "Erzsébet", "Katalin", "Éva", "Ilona", "Anikó", "Zsófia", "Ágnes", "Krisztina", "Judit"],
        surnames: &["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Mészáros", "Szűcs", "Győri"],
        female_surnames: &[],
        places: &["Budapest", "Debrecen", "Szeged", "Miskolc", "Pécs", "Győr", "Nyíregyháza", "Kecskemét", "Székesfehérvár", "Eger"],
        addresses: &["Andrássy út #, 1061 Budapest", "Piac utca #, 4025 Debrecen", "Kárász utca #, 6720 Szeged"],
    },
    // IE
    Nationals {
        male: &["Seán", "Patrick", "Conor", "Liam", "Cian", "Darragh", "Pádraig", "Eoin", "Ciarán", "Michael"],
        female: &["Aoife", "Siobhán", "Niamh", "Saoirse", "Mary", "Róisín", "Ciara", "Caoimhe", "Orla", "Bríd"],
        surnames: &["Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "Ó Súilleabháin", "Mac Giolla Phádraig", "McCarthy", "Ó Briain"],
        female_surnames: &[],
        places: &["Dublin", "Baile Átha Cliath", "Cork", "Galway", "Limerick", "Waterford", "Kilkenny", "Sligo", "Dún Laoghaire", "Tralee"],
        addresses: &["# O'Connell Street, Dublin 1", "# Patrick Street, Cork", "# Shop Street, Galway", "# Sráid an Chaisleáin, Baile Átha Cliath 2"],
    },
    // IT
    Nationals {
        male: &["Giuseppe", "Giovanni", "Antonio", "Mario", "Luigi", "Francesco", "Niccolò", "Andrea", "Gianluca", "Pierpaolo"],
        female: &["Maria", "Anna", "Giuseppina", "Rosa", "Angela", "Giovanna", "Francesca", "Chiara", "Benedetta", "Giulia"],
        surnames: &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "D'Angelo", "Lombardi", "Caruso"],
        female_surnames: &[],
        places: &["Roma", "Milano", "Napoli", "Torino", "Palermo", "Genova", "Bologna", "Firenze", "Bari", "Forlì"],
        addresses: &["Via del Corso #, 00186 Roma", "Corso Buenos Aires #, 20124 Milano", "Via Toledo #, 80134 Napoli"],
    },
    // LT
    Nationals {
        male: &["Jonas", "Antanas", "Juozas", "Petras", "Kęstutis", "Vytautas", "Mindaugas", "Žygimantas", "Algirdas", "Šarūnas"],
        female: &["Ona", "Janina", "Birutė", "Danutė", "Rūta", "Aušra", "Eglė", "Gintarė", "Jūratė", "Žydrūnė"],
        surnames: &["Kazlauskas", "Jankauskas", "Petrauskas", "Stankevičius", "Vasiliauskas", "Žukauskas", "Butkus", "Paulauskas", "Urbonas", "Kavaliauskas"],
        female_surnames: &["Kazlauskienė", "Jankauskienė", "Petrauskienė", "Stankevičienė", "Vasiliauskienė", "Žukauskienė", "Butkienė", "Paulauskienė", "Urbonienė", "Kavaliauskienė"],
        places: &["Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys", "Alytus", "Marijampolė", "Mažeikiai", "Utena"],
        addresses: &["Gedimino pr. #, 01103 Vilnius", "Laisvės al. #, 44240 Kaunas", "Tiltų g. #, 91246 Klaipėda"],
    },
    // LU
    Nationals {
        male: &["Luc", "Jean", "Marc", "Paul", "Gilles", "Tom", "Claude", "Léon", "Jempi", "Gusty"],
        female: &["Marie", "Anne", "Sandra", "Claudine", "Nathalie", "Léonie", "Mireille", "Joëlle", "Josée", "Carole"],
        surnames: &["Schmit", "Muller", "Weber", "Hoffmann", "Wagner", "Thill", "Schroeder", "Reuter", "Kremer", "Klein", "Faber", "Wirtz"],
        female_surnames: &[],
        places: &["Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange", "Ettelbruck", "Diekirch", "Wiltz", "Echternach"],
        addresses: &["#, boulevard Royal, L-2449 Luxembourg", "#, rue de l'Alzette, L-4011 Esch-sur-Alzette", "#, Grand-Rue, L-9050 Ettelbruck"],
    },
    // LV
    Nationals {
        male: &["Jānis", "Andris", "Māris", "Pēteris", "Edgars", "Aivars", "Raimonds", "Krišjānis", "Oļegs", "Ģirts"],
        female: &["Anna", "Kristīne", "Inese", "Līga", "Ilze", "Māra", "Dace", "Sandra", "Ieva", "Baiba"],
        surnames: &["Bērziņš", "Kalniņš", "Ozoliņš", "Jansons", "Ozols", "Liepiņš", "Krūmiņš", "Balodis", "Zariņš", "Pētersons"],
        female_surnames: &["Bērziņa", "Kalniņa", "Ozoliņa", "Jansone", "Ozola", "Liepiņa", "Krūmiņa", "Balode", "Zariņa", "Pētersone"],
        places: &["Rīga", "Daugavpils", "Liepāja", "Jelgava", "Jūrmala", "Ventspils", "Rēzekne", "Valmiera", "Cēsis"],
        addresses: &["Brīvības iela #, Rīga, LV-1010", "Rīgas iela #, Daugavpils, LV-5401", "Lielā iela #, Liepāja, LV-3401"],
    },
    // MT
    Nationals {
        male: &["Joseph", "John", "Ġorġ", "Ċensu", "Pawlu", "Mario", "Carmelo", "Mikiel", "Ġużeppi", "Toni"],
        female: &["Maria", "Carmen", "Rita", "Doris", "Ġużeppina", "Marthese", "Josephine", "Antonella", "Rożi", "Liża"],
        surnames: &["Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Galea", "Micallef", "Grech", "Attard", "Spiteri", "Azzopardi", "Mifsud", "Buttiġieġ", "Ħili", "Żahra", "Debono"],
        female_surnames: &[],
        places: &["Valletta", "Birkirkara", "Mosta", "Qormi", "Żabbar", "Sliema", "Naxxar", "Ħamrun", "Żejtun", "Rabat"],
        addresses: &["# Triq ir-Repubblika, Il-Belt Valletta VLT 1117", "# Triq il-Kbira, Ħal Qormi QRM 1010", "# Triq ix-Xatt, Tas-Sliema SLM 1022"],
    },
    // NL
    Nationals {
        male: &["Jan", "Pieter", "Kees", "Johannes", "Hendrik", "Sander", "Bram", "Daan", "Jeroen", "Sjoerd"],
        female: &["Maria", "Johanna", "Anna", "Cornelia", "Sanne", "Femke", "Anouk", "Eline", "Noëlle", "Marijke"],
        surnames: &["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Hendriks", "van 't Hof"],
        female_surnames: &[],
        places: &["Amsterdam", "Rotterdam", "'s-Gravenhage", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen"],
        addresses: &["Damrak #, 1012 LG Amsterdam", "Coolsingel #, 3012 AD Rotterdam", "Oudegracht #, 3511 AP Utrecht"],
    },
    // PL
    Nationals {
        male: &["Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Łukasz", "Grzegorz", "Wojciech", "Jędrzej"],
        female: &["Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Joanna", "Żaneta"],
        surnames: &["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Grabowski", "Żak", "Łukaszewicz"],
        female_surnames: &["Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowska", "Zielińska", "Szymańska", "Woźniak", "Dąbrowska", "Kozłowska", "Jankowska", "Mazur", "Grabowska", "Żak", "Łukaszewicz"],
        places: &["Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Szczecin", "Bydgoszcz", "Lublin", "Białystok"],
        addresses: &["ul. Marszałkowska #, 00-624 Warszawa", "ul. Floriańska #, 31-019 Kraków", "ul. Piotrkowska #, 90-406 Łódź"],
    },
    // PT
    Nationals {
        male: &["João", "José", "António", "Manuel", "Francisco", "Luís", "Rui", "Gonçalo", "Tomás", "João Pedro"],
        female: &["Maria", "Ana", "Joana", "Inês", "Beatriz", "Conceição", "Fátima", "Leonor", "Maria João", "Sónia"],
        surnames: &["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes", "Gonçalves", "Simões", "Magalhães", "da Silva Santos", "Conceição"],
        female_surnames: &[],
        places: &["Lisboa", "Porto", "Braga", "Coimbra", "Funchal", "Setúbal", "Évora", "Aveiro", "Faro", "Guimarães"],
        addresses: &["Rua Augusta #, 1100-053 Lisboa", "Rua de Santa Catarina #, 4000-447 Porto", "Avenida da Liberdade #, 4710-251 Braga"],
    },
    // RO
    Nationals {
        male: &["Ion", "Gheorghe", "Constantin", "Alexandru", "Mihai", "Ștefan", "Andrei", "Vasile", "Nicolae", "Răzvan"],
        female: &["Maria", "Elena", "Ioana", "Ana", "Mihaela", "Andreea", "Cristina", "Florentina", "Oana", "Ștefania"],
        surnames: &["Popescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei", "Ciobanu", "Ionescu", "Rusu", "Munteanu", "Lazăr", "Țurcanu", "Dumitrașcu"],
        female_surnames: &[],
        places: &["București", "Cluj-Napoca", "Timișoara", "Iași", "Constanța", "Craiova", "Brașov", "Galați", "Ploiești", "Târgu Mureș"],
        addresses: &["Calea Victoriei #, 010063 București", "Strada Memorandumului #, 400114 Cluj-Napoca", "Bulevardul Revoluției din 1989 #, 300024 Timișoara"],
    },
    // SE
    Nationals {
        male: &["Lars", "Anders", "Johan", "Karl", "Erik", "Per", "Mikael", "Björn", "Åke", "Göran"],
        female: &["Anna", "Maria", "Eva", "Karin", "Kristina", "Lena", "Sara", "Åsa", "Malin", "Märta"],
        surnames: &["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lindström", "Åberg", "Sjöberg", "Öberg", "Bäckström"],
        female_surnames: &[],
        places: &["Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping", "Helsingborg", "Jönköping", "Umeå"],
        addresses: &["Drottninggatan #, 111 51 Stockholm", "Kungsgatan #, 411 19 Göteborg", "Södergatan #, 211 34 Malmö"],
    },
    // SI
    Nationals {
        male: &["Franc", "Janez", "Marko", "Andrej", "Jože", "Anton", "Luka", "Matej", "Žiga", "Primož"],
        female: &["Marija", "Ana", "Maja", "Irena", "Mojca", "Nina", "Mateja", "Špela", "Nataša", "Urška"],
        surnames: &["Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač", "Mlakar", "Kos", "Vidmar", "Golob", "Turk", "Božič", "Kralj", "Žagar"],
        female_surnames: &[],
        places: &["Ljubljana", "Maribor", "Celje", "Kranj", "Koper", "Velenje", "Novo mesto", "Ptuj", "Murska Sobota"],
        addresses: &["Slovenska cesta #, 1000 Ljubljana", "Gosposka ulica #, 2000 Maribor", "Prešernova ulica #, 3000 Celje"],
    },
    // SK
    Nationals {
        male: &["Peter", "Ján", "Jozef", "Martin", "Michal", "Milan", "Ľubomír", "Štefan", "Dušan", "Ľudovít"],
        female: &["Mária", "Anna", "Zuzana", "Katarína", "Eva", "Jana", "Ľudmila", "Lucia", "Božena", "Dáša"],
        surnames: &["Horváth", "Kováč", "Varga", "Tóth", "Nagy", "Baláž", "Szabó", "Molnár", "Lukáč", "Kollár", "Šimko", "Ďurica"],
        female_surnames: &["Horváthová", "Kováčová", "Vargová", "Tóthová", "Nagyová", "Balážová", "Szabóová", "Molnárová", "Lukáčová", "Kollárová", "Šimková", "Ďuricová"],
        places: &["Bratislava", "Košice", "Prešov", "Žilina", "Nitra", "Banská Bystrica", "Trnava", "Martin", "Trenčín"],
        addresses: &["Obchodná #, 811 06 Bratislava", "Hlavná #, 040 01 Košice", "Národná #, 010 01 Žilina"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_names_places_and_addresses() {
        for country in Country::ALL {
            let n = nationals(country);
            assert!(n.male.len() >= 8 && n.female.len() >= 8, "{country}");
            assert!(n.surnames.len() >= 10, "{country}");
            assert!(
                n.female_surnames.is_empty() || n.female_surnames.len() == n.surnames.len(),
                "{country}"
            );
            assert!(n.places.len() >= 5, "{country}");
            assert!(n.addresses.iter().all(|a| a.contains('#')), "{country}");
        }
    }
}
