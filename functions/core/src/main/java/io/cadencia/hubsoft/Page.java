package io.cadencia.hubsoft;

import java.util.List;

/** One page of a paginated HubSoft listing (Laravel paginator or HubSoft's own {@code paginacao}). */
public record Page<T>(List<T> items, int currentPage, int lastPage, int total) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return currentPage < lastPage;
    }
}
