package shingle

// englishStopWords follows the Snowball project's English stop-word list,
// with contractions written without apostrophes (as produced by a tokenizer
// that deletes them, e.g. "dont", "isnt", "youre") alongside the bare forms.
// Stripped contractions that collide with common content words
// (hell, id, ill, shed, shell, wed, well) are left out. News-specific
// function words ("said", "says", "also", "mr", "mrs", "ms", ...) are added.
// Sorted, unique, lowercase.
var englishStopWords = []string{
	"a", "about", "above", "after", "again", "against", "all", "also",
	"am", "an", "and", "any", "are", "arent", "as", "at", "be", "because",
	"been", "before", "being", "below", "between", "both", "but", "by",
	"can", "cannot", "cant", "could", "couldnt", "did", "didnt", "do",
	"does", "doesnt", "doing", "dont", "down", "during", "each", "few",
	"for", "from", "further", "had", "hadnt", "has", "hasnt", "have",
	"havent", "having", "he", "hed", "her", "here", "heres", "hers",
	"herself", "hes", "him", "himself", "his", "how", "hows", "i", "if",
	"im", "in", "into", "is", "isnt", "it", "its", "itself", "ive",
	"lets", "me", "more", "most", "mr", "mrs", "ms", "mustnt", "my",
	"myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
	"other", "ought", "our", "ours", "ourselves", "out", "over", "own",
	"said", "same", "says", "shall", "shant", "she", "shes", "should",
	"shouldnt", "so", "some", "such", "than", "that", "thats", "the",
	"their", "theirs", "them", "themselves", "then", "there", "theres",
	"these", "they", "theyd", "theyll", "theyre", "theyve", "this",
	"those", "through", "to", "too", "under", "until", "up", "very",
	"was", "wasnt", "we", "were", "werent", "weve", "what", "whats",
	"when", "whens", "where", "wheres", "which", "while", "who", "whom",
	"whos", "why", "whys", "will", "with", "wont", "would", "wouldnt",
	"you", "youd", "youll", "your", "youre", "yours", "yourself",
	"yourselves", "youve",
}

// russianStopWords follows the Snowball project's Russian stop-word list,
// lowercase and written with "е"; where a word is commonly spelled with "ё"
// (её, ещё, неё, всё) both spellings are listed. Sorted, unique.
var russianStopWords = []string{
	"а", "без", "более", "больше", "будет", "будто", "бы", "был", "была",
	"были", "было", "быть", "в", "вам", "вас", "вдруг", "ведь", "во",
	"вот", "впрочем", "все", "всегда", "всего", "всех", "всю", "всё",
	"вы", "где", "да", "даже", "два", "для", "до", "другой", "его", "ее",
	"ей", "ему", "если", "есть", "еще", "ещё", "её", "ж", "же", "за",
	"зачем", "здесь", "и", "из", "или", "им", "иногда", "их", "к", "как",
	"какая", "какой", "когда", "конечно", "кто", "куда", "ли", "лучше",
	"между", "меня", "мне", "много", "может", "можно", "мой", "моя", "мы",
	"на", "над", "надо", "наконец", "нас", "не", "него", "нее", "ней",
	"нельзя", "нет", "неё", "ни", "нибудь", "никогда", "ним", "них",
	"ничего", "но", "ну", "о", "об", "один", "он", "она", "они", "опять",
	"от", "перед", "по", "под", "после", "потом", "потому", "почти",
	"при", "про", "раз", "разве", "с", "сам", "свою", "себе", "себя",
	"сейчас", "со", "совсем", "так", "такой", "там", "тебя", "тем",
	"теперь", "то", "тогда", "того", "тоже", "только", "том", "тот",
	"три", "тут", "ты", "у", "уж", "уже", "хорошо", "хоть", "чего", "чем",
	"через", "что", "чтоб", "чтобы", "чуть", "эти", "этого", "этой",
	"этом", "этот", "эту", "я",
}
